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
    /// <summary>Checks the target and compares; returns the comparison and the profile restricted to the tables to fill.</summary>
    /// <exception cref="OutputException">The target does not exist, holds no tables, or holds rows without --append.</exception>
    /// <exception cref="SchemaMismatchException">The schema cannot take the profile's rows with integrity.</exception>
    public static async Task<(SchemaComparison Comparison, DatabaseProfile Profile)> PrepareAsync(GenerateRequest request,
        DatabaseLocation location, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var engine = location.Engine;
        if (!await engine.ExistsAsync(location, cancellationToken).ConfigureAwait(false))
        {
            throw new OutputException($"The target {location.Display} does not exist: --into-existing fills the schema an "
                + "application's migrations made. Create it and run them first, or generate without --into-existing to create it.");
        }

        var source = await SourceDatabase.OpenReadOnlyAsync(location, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            var tables = await source.ReadSchemaAsync(cancellationToken).ConfigureAwait(false);
            if (tables.Count == 0)
            {
                throw new OutputException($"The target {location.Display} holds no tables: run the application's migrations first "
                    + "(--into-existing fills the schema they make), or generate without --into-existing to create the tables.");
            }

            var options = new ExistingSchemaOptions
            {
                Exclude = request.Exclude,
                IntegerPrimaryKeyNumbersItself = engine.NumbersIntegerPrimaryKeys,
            };
            var comparison = SchemaComparer.Compare(request.Profile.Tables, tables, options);
            foreach (var difference in comparison.Differences.Where(d => d.Severity != DifferenceSeverity.Fatal))
                progress?.Report(difference.ToString());
            progress?.Report($"Schema of {location.Display} against the profile: {comparison.Summary()}.");
            if (comparison.Refused)
                throw new SchemaMismatchException(location.Display, comparison);

            var rows = new List<(string Table, long Rows)>();
            foreach (var table in comparison.Tables)
            {
                var count = await source.ScalarAsync("SELECT COUNT(*) FROM " + source.Quote(table.Target.Name), cancellationToken)
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
                    $"The target {location.Display} already holds {total:N0} rows in {rows.Count} of the tables to fill ({list}). ")
                    + "Pass --append to add the generated rows to them, --exclude those tables, or fill an empty schema.");
            }

            if (rows.Count > 0)
            {
                var largest = await LargestKeysAsync(source, comparison, rows, cancellationToken).ConfigureAwait(false);
                comparison = comparison.WithKeysAfter(largest);
            }

            var profile = request.Profile with { Tables = [.. comparison.Tables.Select(t => t.Profile)] };
            return (comparison, profile);
        }
    }

    /// <summary>The largest single-column integer primary key of every filled table that holds rows (for --append).</summary>
    private static async Task<Dictionary<string, long>> LargestKeysAsync(SourceDatabase source, SchemaComparison comparison,
        List<(string Table, long Rows)> rows, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in comparison.Tables.Where(t => rows.Any(r => r.Table == t.Target.Name)))
        {
            if (table.Profile.PrimaryKey is not { Columns: [var key] } || table.Target.FindColumn(key) is not { } column
                || column.Category != ColumnCategory.Integer)
                continue;
            var largest = await source.ScalarAsync($"SELECT MAX({source.Quote(column.Name)}) FROM {source.Quote(table.Target.Name)}",
                cancellationToken).ConfigureAwait(false);
            if (largest > 0)
                result[table.Profile.Name] = largest;
        }

        return result;
    }
}
