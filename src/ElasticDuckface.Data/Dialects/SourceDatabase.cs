using System.Data.Common;
using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Dialects;

/// <summary>
/// A database opened for reading only: SQLite in read-only mode, MySQL inside a read-only transaction with a consistent
/// snapshot. The profiler and the verifier read through this; it never writes.
/// </summary>
public abstract class SourceDatabase : IAsyncDisposable
{
    /// <summary>Wraps an open connection; the engine starts the read-only transaction.</summary>
    protected SourceDatabase(DatabaseLocation location, DbConnection connection)
    {
        Location = location;
        Connection = connection;
    }

    /// <summary>Where the database is.</summary>
    public DatabaseLocation Location { get; }

    /// <summary>The open connection; every query must pass <see cref="Transaction"/>.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction every query runs in (MySQL's consistent snapshot), or null.</summary>
    public DbTransaction? Transaction { get; protected set; }

    /// <summary>The dialect name written into profiles: the engine's <see cref="IDatabaseEngine.Name"/>.</summary>
    public string Dialect => Location.Engine.Name;

    /// <summary>Quotes an identifier for this dialect.</summary>
    public abstract string Quote(string identifier);

    /// <summary>SQL for the length in characters of a text expression.</summary>
    public abstract string CharLength(string expression);

    /// <summary>
    /// Reads every table's schema: columns, types, keys, indexes and declared foreign keys (stats left null),
    /// tables sorted by name (ordinal), keys and indexes sorted by name, columns in declared order.
    /// </summary>
    public abstract Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The expression a table's sample reads <paramref name="column"/> by: the quoted column, or for a type the driver cannot
    /// read as a value of the column's category, an expression that can (PostgreSQL numeric beyond .NET's decimal as text).
    /// </summary>
    public virtual string SelectValue(ColumnProfile column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Quote(column.Name);
    }

    /// <summary>
    /// A column every table has that numbers its rows (SQLite's <c>rowid</c>), used to sample a table without an integer
    /// key by key lookups; null when the engine has none.
    /// </summary>
    public virtual string? RowIdColumn => null;

    /// <summary>Opens a location read-only through its engine, translating connection failures into one-line errors.</summary>
    public static Task<SourceDatabase> OpenReadOnlyAsync(DatabaseLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Engine.OpenReadOnlyAsync(location, cancellationToken);
    }

    /// <summary>Runs a query in the read-only transaction and returns every row.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, CancellationToken cancellationToken) =>
        [.. await Connection.QueryAsync<T>(new CommandDefinition(sql, transaction: Transaction, cancellationToken: cancellationToken))
            .ConfigureAwait(false)];

    /// <summary>Runs a query in the read-only transaction and returns its first row.</summary>
    public Task<T> QuerySingleAsync<T>(string sql, CancellationToken cancellationToken) =>
        Connection.QuerySingleAsync<T>(new CommandDefinition(sql, transaction: Transaction, cancellationToken: cancellationToken));

    /// <summary>Runs a query in the read-only transaction and returns its first value as a whole number (NULL as 0).</summary>
    public async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        var value = await Connection.ExecuteScalarAsync(new CommandDefinition(sql, transaction: Transaction,
            cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Rolls the read-only transaction back and closes the connection.</summary>
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
