using System.Globalization;
using System.Text;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>
/// What <c>duckface generate</c> will do: every table's target row count and the rule behind it, in load order
/// (parents first), and the foreign keys deferred to break cycles. Built by <see cref="GenerationPlanner.Plan"/>.
/// </summary>
public sealed class GenerationPlan
{
    private readonly Dictionary<string, TablePlan> _byName;

    internal GenerationPlan(Profiles.DatabaseProfile profile, long seed, double scale, IReadOnlyList<TablePlan> tables,
        IReadOnlyList<DeferredForeignKey> deferred, FanOutGrowth growth, IReadOnlyList<MovingFanOut> moving)
    {
        Profile = profile;
        Growth = growth;
        MovingFanOuts = moving;
        Seed = seed;
        Scale = scale;
        Tables = tables;
        DeferredForeignKeys = deferred;
        _byName = new Dictionary<string, TablePlan>(StringComparer.Ordinal);
        foreach (var t in tables)
            _byName[t.Name] = t;
    }

    /// <summary>
    /// The profile the plan was made from, with sizes: the given one, or for a hidden-size profile the one
    /// <see cref="Privacy.SizeAnchors"/> gave sizes from the anchors. Generate and verify work from this one.
    /// </summary>
    public Profiles.DatabaseProfile Profile { get; }

    /// <summary>With a hidden-size profile: the rows one unit of relative size stands for; null otherwise.</summary>
    public double? SizeUnit => Profile.Settings.SizeUnit;

    /// <summary>The root seed.</summary>
    public long Seed { get; }

    /// <summary>The global scale factor.</summary>
    public double Scale { get; }

    /// <summary>How fan-outs follow the foreign keys of <see cref="MovingFanOuts"/> (<c>--growth</c>).</summary>
    public FanOutGrowth Growth { get; }

    /// <summary>The foreign keys whose children per parent move, sorted by table then constraint name.</summary>
    public IReadOnlyList<MovingFanOut> MovingFanOuts { get; }

    /// <summary>The foreign keys of two-foreign-key keys whose fan-out cap binds (<see cref="PairCap"/>), by table then name.</summary>
    public IReadOnlyList<PairCap> PairCaps { get; init; } = [];

    /// <summary>Every table in load order: parents before children, ties by ordinal name.</summary>
    public IReadOnlyList<TablePlan> Tables { get; }

    /// <summary>Foreign keys dropped from the ordering to break cycles, sorted by table then constraint name.</summary>
    public IReadOnlyList<DeferredForeignKey> DeferredForeignKeys { get; }

    /// <summary>The plan of one table.</summary>
    /// <exception cref="KeyNotFoundException">The plan has no such table.</exception>
    public TablePlan this[string table] =>
        _byName.TryGetValue(table, out var plan) ? plan : throw new KeyNotFoundException($"The plan has no table '{table}'.");

    /// <summary>Finds the plan of one table, or null.</summary>
    public TablePlan? Find(string table) => _byName.GetValueOrDefault(table);

    /// <summary>The text <c>duckface generate --dry-run</c> prints: one line per table in load order, the cycle breaks,
    /// then the fan-out growth model and the foreign keys it applies to.</summary>
    public string Describe() => Describe(Shard.Whole);

    /// <summary>As <see cref="Describe()"/>, followed for a partial <paramref name="shard"/> by the rows it writes of each table
    /// (<c>generate --shard I/N --dry-run</c>).</summary>
    public string Describe(Shard shard)
    {
        var inv = CultureInfo.InvariantCulture;
        var nameWidth = 5;
        var sourceWidth = 1;
        var targetWidth = 1;
        foreach (var t in Tables)
        {
            nameWidth = Math.Max(nameWidth, t.Name.Length);
            sourceWidth = Math.Max(sourceWidth, t.SourceRows.ToString(inv).Length);
            targetWidth = Math.Max(targetWidth, t.TargetRows.ToString(inv).Length);
        }

        var sb = new StringBuilder();
        sb.Append(inv, $"Generation plan: {Tables.Count} tables, seed {Seed}, global scale ×{FormatFactor(Scale)}\n");
        if (SizeUnit is { } unit)
            sb.Append(inv, $"Sizes hidden in the profile: every table's 1× rows = its relative size × {unit:0.###} rows per unit ")
                .Append("(from --rows)\n");
        foreach (var t in Tables)
        {
            sb.Append("  ").Append(t.Name.PadRight(nameWidth))
                .Append("  ").Append(t.SourceRows.ToString(inv).PadLeft(sourceWidth))
                .Append(" → ").Append(t.TargetRows.ToString(inv).PadLeft(targetWidth))
                .Append("  ×").Append(FormatFactor(t.Factor).PadRight(8))
                .Append(' ').Append(t.Rule.ToString().ToLowerInvariant())
                .Append(": ").Append(t.Reason).Append('\n');
        }

        if (!shard.IsWhole)
            DescribeShard(sb, shard, nameWidth);

        if (DeferredForeignKeys.Count == 0)
        {
            sb.Append("Cycle breaks: none\n");
        }
        else
        {
            sb.Append("Cycle breaks (loaded with FK checks off; values come from the parent's row index):\n");
            foreach (var d in DeferredForeignKeys)
            {
                sb.Append("  ").Append(d.Table).Append(" → ").Append(d.ReferencedTable)
                    .Append(" (").Append(d.ForeignKey).Append(d.Nullable ? ", nullable" : ", not null").Append(")\n");
            }
        }

        var growth = Growth.ToString().ToLowerInvariant();
        if (MovingFanOuts.Count == 0)
        {
            sb.Append(inv, $"Fan-out growth: {growth} (no foreign key's children per parent move)\n");
        }
        else
        {
            sb.Append(inv, $"Fan-out growth: {growth}, for the foreign keys whose children per parent move by r (")
                .Append(Growth == FanOutGrowth.Sample
                    ? "the profile read as a 1/r binomial sample of the children: deconvolved for r > 1, thinned for r < 1"
                    : "every fan-out k → k·r")
                .Append("):\n");
            foreach (var m in MovingFanOuts)
            {
                sb.Append("  ").Append(m.Table).Append('.').Append(m.ForeignKey).Append(" → ").Append(m.ReferencedTable)
                    .Append("  r = ").Append(FormatFactor(Math.Round(m.Ratio, 3))).Append('\n');
            }
        }

        foreach (var c in PairCaps)
        {
            sb.Append(inv, $"Pair cap binds: {c.Table}.{c.ForeignKey} → {c.ReferencedTable}: a parent has at most {c.Cap} children ")
                .Append(inv, $"(one per row of '{c.OtherTable}'); {c.CappedParents} of {c.Parents} parents would exceed it at the ")
                .Append(c.Saturated
                    ? "profiled shape; the reference saturates them (pair density, docs/adr/0006)\n"
                    : "profiled shape; the reference puts them at the cap\n");
        }

        foreach (var t in Profile.Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            foreach (var fk in t.ForeignKeys.Where(f => f.MinChildren > 0).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                sb.Append(inv, $"Declared minimum: {t.Name}.{fk.Name} → {fk.ReferencedTable}: every parent gets at least ")
                    .Append(inv, $"{fk.MinChildren} {(fk.MinChildren == 1 ? "child" : "children")} (minChildren)\n");
            }
        }

        return sb.ToString();
    }

    private void DescribeShard(StringBuilder sb, Shard shard, int nameWidth)
    {
        var inv = CultureInfo.InvariantCulture;
        var slices = Tables.Select(t => (t.Name, Slice: shard.Slice(t.TargetRows))).ToList();
        sb.Append(inv, $"Shard {shard} (0-based index; the {shard.Count} shards in index order are one unsharded run): ")
            .Append(inv, $"{slices.Sum(s => s.Slice.Count)} of {Tables.Sum(t => t.TargetRows)} rows, rows [first, end) of each table\n");
        foreach (var (name, (first, count)) in slices)
        {
            sb.Append("  ").Append(name.PadRight(nameWidth))
                .Append(inv, $"  [{first}, {first + count})  {count} {(count == 1 ? "row" : "rows")}\n");
        }
    }

    internal static string FormatFactor(double factor) => factor.ToString("0.######", CultureInfo.InvariantCulture);
}
