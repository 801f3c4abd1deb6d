using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// Several databases of one server profiled as one (ADR 0007): the first database's read-only connection and snapshot,
/// table names qualified as <c>database.table</c>, quoted as two identifiers (<c>`nova_api`.`instance_mappings`</c>) so
/// that every profiling query, and the joins of a reference across databases, run unchanged.
/// </summary>
internal sealed class QualifiedSource : SourceDatabase
{
    private readonly SourceDatabase _inner;
    private readonly Dictionary<string, string> _databases;

    /// <summary>Wraps <paramref name="inner"/>; <paramref name="databases"/> maps each profile database to the server's name.</summary>
    public QualifiedSource(SourceDatabase inner, IEnumerable<KeyValuePair<string, string>> databases)
        : base(inner.Location, inner.Connection)
    {
        _inner = inner;
        _databases = new Dictionary<string, string>(databases, StringComparer.Ordinal);
        Transaction = inner.Transaction;
    }

    /// <summary>Wraps <paramref name="inner"/> for databases that keep their names.</summary>
    public QualifiedSource(SourceDatabase inner, IEnumerable<string> databases)
        : this(inner, databases.Select(d => KeyValuePair.Create(d, d)))
    {
    }

    /// <inheritdoc/>
    public override string? RowIdColumn => _inner.RowIdColumn;

    /// <summary>
    /// Quotes <c>database.table</c> as two identifiers (the database as the server names it) when the prefix is one of the
    /// databases, else as one.
    /// </summary>
    public override string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var dot = identifier.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _databases.TryGetValue(identifier[..dot], out var database)
            ? _inner.Quote(database) + "." + _inner.Quote(identifier[(dot + 1)..])
            : _inner.Quote(identifier);
    }

    /// <inheritdoc/>
    public override string CharLength(string expression) => _inner.CharLength(expression);

    /// <summary>Not used: each database's schema is read through its own connection and qualified.</summary>
    public override Task<IReadOnlyList<TableProfile>> ReadSchemaAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException("Read each database's schema through its own source.");

    /// <summary>Disposes the wrapped source, which owns the connection and the snapshot (the base has nothing left to roll back).</summary>
    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync().ConfigureAwait(false);
        Transaction = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
