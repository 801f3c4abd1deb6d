using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Privacy;

/// <summary>
/// Gives a hidden-size profile (<see cref="SizeHiding"/>) its sizes back from anchors (<c>--rows TABLE=N</c>): the
/// unit u is the geometric mean of N / relativeSize over the anchors (with one anchor, exactly N / its relative size),
/// every table gets round(relativeSize × u) rows (at least 1 where the source had rows), and the relative figures are
/// turned back into the counts generation and verify work with (key ranges, distinct counts, fan-out bins apportioned
/// over the parent table's rows). The anchored tables then get exactly N rows from the plan (<see cref="GenerationPlanner"/>).
/// </summary>
public static class SizeAnchors
{
    /// <summary>
    /// The profile with sizes: <paramref name="profile"/> itself when its sizes are visible (the anchors are only checked),
    /// else the hidden-size profile materialized at the anchors' unit, with <see cref="ProfileSettings.SizeUnit"/> set.
    /// </summary>
    /// <exception cref="PlanValidationException">A hidden-size profile without anchors, an unknown anchor table, or N &lt; 1.</exception>
    public static DatabaseProfile Materialize(DatabaseProfile profile, IReadOnlyDictionary<string, long> anchors)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(anchors);
        var names = profile.Tables.Select(t => t.Name).ToList();
        var errors = new List<string>();
        foreach (var (name, rows) in anchors.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            if (!names.Contains(name, StringComparer.Ordinal))
                errors.Add($"--rows names unknown table '{name}'{SchemaFacts.Suggest(name, names)}");
            else if (rows < 1)
                errors.Add(Invariant($"--rows {name}={rows}: the row count must be at least 1"));
        }

        if (errors.Count > 0)
            throw new PlanValidationException($"The generation plan is invalid: {string.Join("; ", errors)}.");
        if (!profile.Settings.HideSizes || profile.Settings.SizeUnit is not null)
            return profile;
        if (anchors.Count == 0)
        {
            var example = profile.Settings.ReferenceTable ?? (profile.Tables.Count > 0 ? profile.Tables[0].Name : "TABLE");
            throw new PlanValidationException("This profile hides its sizes (--hide-sizes): give the row count of at least one "
                + $"table with --rows TABLE=N (e.g. --rows {example}=1000); every other table is planned from its relative size.");
        }

        var byName = profile.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var logUnit = anchors.Average(a => Math.Log(a.Value / Math.Max(1e-12, byName[a.Key].RelativeSize ?? 1)));
        var unit = Math.Exp(logUnit);
        var rowsOf = profile.Tables.ToDictionary(t => t.Name, t => RowsAt(t, unit), StringComparer.Ordinal);
        return profile with
        {
            Settings = profile.Settings with { SizeUnit = unit },
            Tables = [.. profile.Tables.Select(t => Sized(t, rowsOf, profile.Settings.SampleRows))],
        };
    }

    private static long RowsAt(TableProfile t, double unit)
    {
        // a public table's rows are in the profile: it has exactly that many
        if (t.Verbatim is { } verbatim)
            return verbatim.Rows.Count;
        var relative = t.RelativeSize ?? 0;
        var rows = (long)Math.Round(relative * unit, MidpointRounding.AwayFromZero);
        return relative > 0 ? Math.Max(1, rows) : 0;
    }

    private static TableProfile Sized(TableProfile t, Dictionary<string, long> rowsOf, long sampleRows)
    {
        var rows = rowsOf[t.Name];
        var measured = Math.Min(rows, sampleRows);
        return t with
        {
            RowCount = rows,
            SampledRows = rows > sampleRows ? sampleRows : null,
            Columns = [.. t.Columns.Select(c => c.Stats is not { } s ? c : c with { Stats = Counted(s, rows) })],
            ForeignKeys = [.. t.ForeignKeys.Select(f => f.Stats is not { } s ? f : f with
            {
                Stats = Apportion(s, SchemaFacts.IsSelf(t, f) ? rows : rowsOf.GetValueOrDefault(f.ReferencedTable, rows)),
            })],
            JointForeignKeys = [.. t.JointForeignKeys.Select(j => j with
            {
                Rows = (long)Math.Round(measured * NonNull(t, j.First.Name) * NonNull(t, j.Second.Name)),
            })],
            Orderings = [.. t.Orderings.Select(o => o with { Rows = measured })],
            RowState = t.RowState is not { } state ? null : state with
            {
                Columns = [.. state.Columns.Select(c => c with
                {
                    WhenSet = Counted(c.WhenSet, rows), WhenUnset = Counted(c.WhenUnset, rows),
                })],
                Parents = [.. state.Parents.Select(p => p with { Rows = (long)Math.Round(measured * NonNull(t, p.ForeignKey.Name)) })],
            },
        };
    }

    private static double NonNull(TableProfile t, string fk) =>
        1 - (t.ForeignKeys.FirstOrDefault(f => string.Equals(f.Name, fk, StringComparison.Ordinal))?.Stats?.NullFraction ?? 0);

    private static ColumnStatistics Counted(ColumnStatistics s, long rows)
    {
        if (s.DistinctRatio is not { } ratio)
            return s;
        var distinct = ratio > 0 ? Math.Clamp((long)Math.Round(ratio * rows, MidpointRounding.AwayFromZero), 1, Math.Max(1, rows)) : 0;
        var distribution = s.Distribution is RelativeSequenceDistribution r ? Sequence(r, rows) : s.Distribution;
        return s with { DistinctCount = distinct, DistinctRatio = null, Distribution = distribution };
    }

    private static SequenceDistribution Sequence(RelativeSequenceDistribution r, long rows)
    {
        var min = 1 + (long)Math.Round(r.Start * rows, MidpointRounding.AwayFromZero);
        var span = Math.Max(rows, (long)Math.Round(r.Span * rows, MidpointRounding.AwayFromZero));
        return new SequenceDistribution(min, min + Math.Max(0, span - 1));
    }

    /// <summary>The parents apportioned over the bins by their shares (largest remainder); bins left with no parent are dropped.</summary>
    private static FanOutStatistics Apportion(FanOutStatistics s, long parents)
    {
        if (!s.Histogram.Any(b => b.Share is not null))
            return s;
        var total = s.Histogram.Sum(b => b.Share ?? 0);
        var exact = s.Histogram.Select(b => total > 0 ? (b.Share ?? 0) / total * parents : 0).ToArray();
        var counts = exact.Select(x => (long)Math.Floor(x)).ToArray();
        var left = parents - counts.Sum();
        foreach (var i in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take((int)left))
            counts[i]++;
        var histogram = s.Histogram.Select((b, i) => new FanOutBin(b.Children, counts[i])).Where(b => b.Parents > 0).ToList();
        var children = histogram.Sum(b => b.Children * b.Parents);
        return s with
        {
            ParentRows = parents,
            ChildRows = children,
            Mean = parents > 0 ? (double)children / parents : 0,
            ZeroFraction = parents > 0 ? (double)histogram.Where(b => b.Children == 0).Sum(b => b.Parents) / parents : 0,
            Histogram = histogram,
        };
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
