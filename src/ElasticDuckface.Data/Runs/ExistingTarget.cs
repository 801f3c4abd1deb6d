using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Runs;

/// <summary>
/// The read-only half of <c>generate --into-existing</c> (issue 10): the target must exist and hold tables; its schema,
/// read by its engine's schema reader, is compared with the profile (<see cref="SchemaComparer"/>); the run is refused
/// on a fatal difference or when a table to fill holds rows without <c>--append</c>. Nothing is written here.
/// </summary>
internal static class ExistingTarget
{
    /// <summary>
    /// Checks the targets and compares; returns the comparison and the profile restricted to the tables to fill. A target
    /// whose <c>Database</c> is null is the one database of a single-database profile; otherwise each is one database of a
    /// multi-database profile (ADR 0007), whose schema is qualified by that name and compared with the whole profile in one
    /// comparison, so that references across the databases are matched, refused or checked like any other.
    /// </summary>
    /// <exception cref="OutputException">A target does not exist, holds no tables, or holds rows without --append.</exception>
    /// <exception cref="SchemaMismatchException">The schema cannot take the profile's rows with integrity.</exception>
    public static async Task<(SchemaComparison Comparison, DatabaseProfile Profile)> PrepareAsync(GenerateRequest request,
        IReadOnlyList<(string? Database, DatabaseLocation Location)> targets, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        var sources = new List<(string? Database, DatabaseLocation Location, SourceDatabase Source)>();
        try
        {
            var schema = new List<TableProfile>();
            foreach (var (database, location) in targets)
            {
                var (source, tables) = await OpenAsync(location, cancellationToken).ConfigureAwait(false);
                sources.Add((database, location, source));
                schema.AddRange(database is null ? tables : DatabaseNames.QualifyAll(database, tables));
            }

            var display = string.Join(", ", targets.Select(t => t.Location.Display));
            var options = Options(request, targets);
            var comparison = SchemaComparer.Compare(request.Profile.Tables, schema, options);
            foreach (var difference in comparison.Differences.Where(d => d.Severity != DifferenceSeverity.Fatal))
                progress?.Report(difference.ToString());
            progress?.Report($"Schema of {display} against the profile: {comparison.Summary()}.");
            if (comparison.Refused)
                throw new SchemaMismatchException(display, comparison);

            (SourceDatabase Source, string Table) SourceOf(string table)
            {
                if (sources is [{ Database: null } single])
                    return (single.Source, table);
                var (database, plain) = DatabaseNames.Split(table, request.Profile.Databases)!.Value;
                return (sources.Single(s => s.Database == database).Source, plain);
            }

            var rows = new List<(string Table, long Rows)>();
            foreach (var table in comparison.Tables)
            {
                var (source, plain) = SourceOf(table.Target.Name);
                var count = await source.ScalarAsync("SELECT COUNT(*) FROM " + source.Quote(plain), cancellationToken)
                    .ConfigureAwait(false);
                if (count > 0)
                    rows.Add((table.Target.Name, count));
            }

            if (rows.Count > 0 && !request.Append)
            {
                var list = string.Join(", ", rows.Take(5)
                    .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Table} {r.Rows:N0}")))
                    + (rows.Count > 5 ? ", ..." : "");
                var total = rows.Sum(r => r.Rows);
                throw new OutputException(string.Create(CultureInfo.InvariantCulture,
                    $"The target {display} already holds {total:N0} rows in {rows.Count} of the tables to fill ({list}). ")
                    + "Pass --append to add the generated rows to them, --exclude those tables, or fill an empty schema.");
            }

            if (rows.Count > 0)
            {
                var largest = await LargestKeysAsync(SourceOf, comparison, rows, cancellationToken).ConfigureAwait(false);
                comparison = comparison.WithKeysAfter(largest);
            }

            var profile = request.Profile with { Tables = [.. comparison.Tables.Select(t => t.Profile)] };
            return (comparison, profile);
        }
        finally
        {
            foreach (var (_, _, source) in sources)
                await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Opens one target read-only and reads its schema, refusing a target that does not exist or holds no tables.</summary>
    private static async Task<(SourceDatabase Source, IReadOnlyList<TableProfile> Tables)> OpenAsync(DatabaseLocation location,
        CancellationToken cancellationToken)
    {
        if (!await location.Engine.ExistsAsync(location, cancellationToken).ConfigureAwait(false))
        {
            throw new OutputException($"The target {location.Display} does not exist: --into-existing fills the schema an "
                + "application's migrations made. Create it and run them first, or generate without --into-existing to create it.");
        }

        var source = await SourceDatabase.OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
        try
        {
            var tables = await source.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            if (tables.Count == 0)
            {
                throw new OutputException($"The target {location.Display} holds no tables: run the application's migrations first "
                    + "(--into-existing fills the schema they make), or generate without --into-existing to create the tables.");
            }

            return (source, tables);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// What to leave alone. With several databases the names are qualified: the bookkeeping tables of every database, and
    /// an <c>--exclude</c> name that names no database (<c>alembic_version</c>) in every one of them.
    /// </summary>
    private static ExistingSchemaOptions Options(GenerateRequest request,
        IReadOnlyList<(string? Database, DatabaseLocation Location)> targets)
    {
        var numbers = targets.All(t => t.Location.Engine.NumbersIntegerPrimaryKeys);
        if (targets is [{ Database: null }])
            return new ExistingSchemaOptions { Exclude = request.Exclude, IntegerPrimaryKeyNumbersItself = numbers };
        var databases = request.Profile.Databases;
        IEnumerable<string> Everywhere(string name) =>
            DatabaseNames.Split(name, databases) is null ? databases.Select(d => DatabaseNames.Qualify(d, name)) : [name];
        return new ExistingSchemaOptions
        {
            Exclude = [.. request.Exclude.SelectMany(Everywhere)],
            Bookkeeping = [.. ExistingSchemaOptions.DefaultBookkeeping.SelectMany(Everywhere)],
            IntegerPrimaryKeyNumbersItself = numbers,
        };
    }

    /// <summary>The largest single-column integer primary key of every filled table that holds rows (for --append).</summary>
    private static async Task<Dictionary<string, long>> LargestKeysAsync(Func<string, (SourceDatabase Source, string Table)> sourceOf,
        SchemaComparison comparison, List<(string Table, long Rows)> rows, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in comparison.Tables.Where(t => rows.Any(r => r.Table == t.Target.Name)))
        {
            if (table.Profile.PrimaryKey is not { Columns: [var key] } || table.Target.FindColumn(key) is not { } column
                || column.Category != ColumnCategory.Integer)
                continue;
            var (source, plain) = sourceOf(table.Target.Name);
            var largest = await source.ScalarAsync($"SELECT MAX({source.Quote(column.Name)}) FROM {source.Quote(plain)}",
                cancellationToken).ConfigureAwait(false);
            if (largest > 0)
                result[table.Profile.Name] = largest;
        }

        return result;
    }
}
