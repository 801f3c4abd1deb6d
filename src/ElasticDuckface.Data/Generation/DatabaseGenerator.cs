using System.Diagnostics;
using System.Globalization;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Generation;

/// <summary>What a generation run wrote.</summary>
/// <param name="RowsPerTable">Rows written per table, in load order.</param>
/// <param name="Elapsed">Wall time of the whole run.</param>
public sealed record GenerationResult(IReadOnlyList<(string Table, long Rows)> RowsPerTable, TimeSpan Elapsed)
{
    /// <summary>All rows written.</summary>
    public long TotalRows => RowsPerTable.Sum(r => r.Rows);
}

/// <summary>Runs a plan through a writer: schema, then each table's rows parents first, then the constraint checks.</summary>
public static class DatabaseGenerator
{
    /// <summary>Generates every table of <paramref name="plan"/> into <paramref name="writer"/> and completes it.</summary>
    public static Task<GenerationResult> RunAsync(DatabaseProfile profile, GenerationPlan plan, IDatabaseWriter writer, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return RunAsync(profile, plan, writer, DatabaseEngines.TypesFor(profile.Source.Dialect), progress, cancellationToken);
    }

    /// <summary>Generates every table of <paramref name="plan"/> into <paramref name="writer"/> and completes it.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="plan">The plan made from it.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="types">The profile's source engine's type map (integer widths).</param>
    /// <param name="progress">Receives one line per table; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static async Task<GenerationResult> RunAsync(DatabaseProfile profile, GenerationPlan plan, IDatabaseWriter writer, IColumnTypeMap types,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);
        var generator = new RowGenerator(profile, plan, types);
        var tables = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var ordered = plan.Tables.Select(t => tables[t.Name]).ToList();
        var total = Stopwatch.StartNew();
        await writer.CreateSchemaAsync(ordered, cancellationToken).ConfigureAwait(false);
        var written = new List<(string, long)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var table = ordered[i];
            var sw = Stopwatch.StartNew();
            var rows = await writer.WriteRowsAsync(table, generator.Rows(table.Name, Environment.ProcessorCount), cancellationToken).ConfigureAwait(false);
            written.Add((table.Name, rows));
            ReleaseDone(generator, ordered, i);
            progress?.Report(string.Create(CultureInfo.InvariantCulture,
                $"[{i + 1}/{ordered.Count}] {table.Name}: {rows:N0} rows in {sw.Elapsed.TotalSeconds:F1} s"));
        }

        progress?.Report("Checking constraints and finishing...");
        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return new GenerationResult(written, total.Elapsed);
    }

    /// <summary>After table <paramref name="done"/> is written, frees the per-row state of every written table that no table
    /// still to come references (children read their parents' values), so memory follows the largest table, not the sum.</summary>
    private static void ReleaseDone(RowGenerator generator, List<TableProfile> ordered, int done)
    {
        for (var j = 0; j <= done; j++)
        {
            var name = ordered[j].Name;
            var needed = false;
            for (var k = done + 1; k < ordered.Count && !needed; k++)
                needed = ordered[k].ForeignKeys.Any(fk => string.Equals(fk.ReferencedTable, name, StringComparison.Ordinal));
            if (!needed)
                generator.Release(name);
        }
    }
}
