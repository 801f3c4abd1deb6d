using System.Data.Common;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// A database opened for reading only: SQLite in read-only mode, MySQL inside a read-only transaction with a consistent
/// snapshot. The profiler and the verifier read through this; it never writes.
/// </summary>
internal abstract class SourceDatabase : IAsyncDisposable
{
    protected SourceDatabase(DatabaseLocation location, DbConnection connection)
    {
        Location = location;
        Connection = connection;
    }

    public DatabaseLocation Location { get; }

    public DbConnection Connection { get; }

    /// <summary>The transaction every query runs in (MySQL's consistent snapshot), or null.</summary>
    public DbTransaction? Transaction { get; protected set; }

    /// <summary>The dialect name written into profiles: <c>sqlite</c> or <c>mysql</c>.</summary>
    public abstract string Dialect { get; }

    /// <summary>Quotes an identifier for this dialect.</summary>
    public abstract string Quote(string identifier);

    /// <summary>SQL for the length in characters of a text expression.</summary>
    public abstract string CharLength(string expression);

    /// <summary>
    /// Reads every table's schema: columns, types, keys, indexes and declared foreign keys (stats left null),
    /// tables sorted by name (ordinal), keys and indexes sorted by name, columns in declared order.
    /// </summary>
    public abstract Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken);

    /// <summary>Opens a location read-only, translating connection failures into one-line errors.</summary>
    public static async Task<SourceDatabase> OpenReadOnlyAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Kind switch
        {
            DatabaseKind.Sqlite => await SqliteSource.OpenAsync(location, cancellationToken).ConfigureAwait(false),
            DatabaseKind.MySql => await MySqlSource.OpenAsync(location, cancellationToken).ConfigureAwait(false),
            _ => throw new DuckfaceException($"Unsupported database kind {location.Kind}."),
        };
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Transaction is not null)
        {
            await Transaction.RollbackAsync().ConfigureAwait(false);
            await Transaction.DisposeAsync().ConfigureAwait(false);
        }

        await Connection.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
