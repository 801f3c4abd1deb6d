using System.Globalization;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Generation;

/// <summary>Turns a profile and scale options into a <see cref="GenerationPlan"/>: row counts, rules, load order.</summary>
/// <remarks>
/// <para>Factor rules, strongest first: override, keep (factor 1), inherited from a parent whose own factor came from an
/// override or inheritance (the largest such parent wins), then the global scale. Each count is rounded once,
/// midpoints away from zero.</para>
/// <para>Every problem is collected and reported in one <see cref="PlanValidationException"/>.</para>
/// <code>
/// var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 0.01, Keep = new HashSet&lt;string&gt; { "flavors" } });
/// Console.Write(plan.Describe());
/// </code>
/// </remarks>
public static class GenerationPlanner
{
    private const int MaxKnownTablesListed = 30;

    /// <summary>Plans the generation of <paramref name="profile"/> scaled by <paramref name="options"/>.</summary>
    /// <exception cref="PlanValidationException">The options name unknown tables, hold invalid factors,
    /// or the plan is infeasible; or the profile hides its sizes and <see cref="ScaleOptions.Rows"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; no plan is made. It is
    /// looked at between tables and phases: a big profile's plan takes seconds on a loaded machine, and Ctrl-C unwinds it.
    /// </exception>
    public static GenerationPlan Plan(DatabaseProfile profile, ScaleOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        profile = Privacy.SizeAnchors.Materialize(profile, options.Rows);
        var tables = new SortedDictionary<string, TableProfile>(StringComparer.Ordinal);
        foreach (var t in profile.Tables)
            tables[t.Name] = t;

        var errors = new List<string>();
        var unknown = false;
        if (!IsValidFactor(options.Scale))
            errors.Add(Invariant($"--scale must be a positive finite number, got {options.Scale}"));
        foreach (var (name, factor) in options.TableScales.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!tables.ContainsKey(name))
            {
                errors.Add($"--scale-table names unknown table '{name}'{SchemaFacts.Suggest(name, tables.Keys)}");
                unknown = true;
            }

            if (!IsValidFactor(factor))
                errors.Add(Invariant($"--scale-table {name}={factor}: the factor must be a positive finite number"));
            if (options.Keep.Contains(name))
                errors.Add($"table '{name}' is both kept (--keep) and overridden (--scale-table); choose one");
        }

        foreach (var name in options.Rows.Keys.Order(StringComparer.Ordinal))
        {
            if (options.TableScales.ContainsKey(name) || options.Keep.Contains(name))
                errors.Add($"table '{name}' is given by --rows and by --scale-table or --keep; choose one");
        }

        foreach (var name in options.Keep.Order(StringComparer.Ordinal))
        {
            if (!tables.ContainsKey(name))
            {
                errors.Add($"--keep names unknown table '{name}'{SchemaFacts.Suggest(name, tables.Keys)}");
                unknown = true;
            }
        }

        if (errors.Count > 0)
            throw Fail(errors, unknown ? tables.Keys : null);

        var (order, deferred) = LoadOrder.Of(tables);
        var plans = new Dictionary<string, TablePlan>(StringComparer.Ordinal);
        var deferredSet = new HashSet<(string, string)>();
        foreach (var d in deferred)
            deferredSet.Add((d.Table, d.ForeignKey));

        var ordered = new List<TablePlan>(order.Count);
        foreach (var name in order)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var t = tables[name];
            double factor;
            ScaleRule rule;
            string? from = null;
            string reason;
            if (t.Verbatim is { } verbatim)
            {
                // a public table (privacy file): exactly its verbatim rows, at any scale
                (factor, rule, reason) = (1, ScaleRule.Kept, Invariant($"public table: its {verbatim.Rows.Count} rows verbatim"));
            }
            else if (options.Rows.TryGetValue(name, out var anchor))
            {
                // the factor that gives exactly N: what the anchor's children inherit
                (factor, rule, reason) =
                    ((double)anchor / Math.Max(1, t.RowCount), ScaleRule.Anchored, Invariant($"set by --rows {name}={anchor}"));
            }
            else if (options.TableScales.TryGetValue(name, out var over))
            {
                (factor, rule, reason) = (over, ScaleRule.Override, "set by --scale-table");
            }
            else if (options.Keep.Contains(name))
            {
                (factor, rule, reason) = (1, ScaleRule.Kept, "profiled row count (--keep)");
            }
            else
            {
                factor = options.Scale;
                rule = ScaleRule.Global;
                reason = "--scale";
                foreach (var fk in t.ForeignKeys)
                {
                    if (SchemaFacts.IsSelf(t, fk) || deferredSet.Contains((name, fk.Name))
                        || !plans.TryGetValue(fk.ReferencedTable, out var parent))
                        continue;
                    if (parent.Rule is not (ScaleRule.Override or ScaleRule.Inherited or ScaleRule.Anchored))
                        continue;
                    if (rule != ScaleRule.Inherited || parent.Factor > factor
                        || (parent.Factor == factor && string.CompareOrdinal(parent.Name, from) < 0))
                    {
                        factor = parent.Factor;
                        rule = ScaleRule.Inherited;
                        from = parent.Name;
                    }
                }

                if (rule == ScaleRule.Inherited)
                {
                    var origin = plans[from!];
                    while (origin.Rule == ScaleRule.Inherited)
                        origin = plans[origin.InheritedFrom!];
                    var how = origin.Rule == ScaleRule.Anchored ? "anchor" : "override";
                    reason = string.Equals(origin.Name, from, StringComparison.Ordinal)
                        ? $"follows parent '{from}' ({(origin.Rule == ScaleRule.Anchored ? "anchored" : "overridden")})"
                        : $"follows parent '{from}' (from the {how} of '{origin.Name}')";
                }
            }

            var target = t.Verbatim is { } kept ? kept.Rows.Count
                : rule == ScaleRule.Anchored ? options.Rows[name]
                : (long)Math.Round(t.RowCount * factor, MidpointRounding.AwayFromZero);
            if (t.RelativeSize is { } relative)
                reason = Invariant($"1× = relative size {relative} × {profile.Settings.SizeUnit:0.###} rows per unit; ") + reason;
            var plan = new TablePlan(name, t.RowCount, target, factor, rule, from, reason) { RelativeSize = t.RelativeSize };
            plans[name] = plan;
            ordered.Add(plan);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Adjust(tables, plans, order);
        ordered = order.Select(n => plans[n]).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        PlanFeasibility.Check(tables, plans, errors);
        if (errors.Count > 0)
            throw Fail(errors, null);
        cancellationToken.ThrowIfCancellationRequested();
        var moving = Moving(tables, plans, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return new GenerationPlan(profile, options.Seed, options.Scale, ordered, deferred, options.Growth, moving)
        {
            PairCaps = PairCaps(tables, plans, options.Growth),
        };
    }

    /// <summary>The foreign keys of two-foreign-key keys whose fan-out the other side's rows cap (histogram-sized work).</summary>
    private static List<PairCap> PairCaps(SortedDictionary<string, TableProfile> tables, Dictionary<string, TablePlan> plans,
        FanOutGrowth growth)
    {
        var caps = new List<PairCap>();
        foreach (var (name, t) in tables)
        {
            foreach (var fk in t.ForeignKeys.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (fk.Stats is not { Histogram.Count: > 0 } stats || SchemaFacts.PairPartner(t, fk) is not { } partner
                    || !plans.TryGetValue(fk.ReferencedTable, out var parent) || !plans.TryGetValue(partner.ReferencedTable, out var other))
                    continue;
                var parents = stats.Histogram.Sum(b => b.Parents);
                var children = stats.Histogram.Sum(b => (double)b.Children * b.Parents);
                var targetChildren = SchemaFacts.NonNullChildren(t, fk, plans[name].TargetRows);
                if (parents == 0 || children == 0 || parent.TargetRows == 0)
                    continue;
                var ratio = targetChildren / (double)parent.TargetRows / (children / parents);
                var over = stats.Histogram.Where(b => b.Children * ratio > other.TargetRows).Sum(b => b.Parents);
                var capped = (long)Math.Round((double)over / parents * parent.TargetRows, MidpointRounding.AwayFromZero);
                if (capped == 0)
                    continue;
                var profiledOther = partner.Stats?.ParentRows ?? 0;
                var saturated = growth == FanOutGrowth.Sample
                    && PairDensity.Applies(new PairSide(profiledOther, other.TargetRows), ratio);
                caps.Add(new PairCap(name, fk.Name, fk.ReferencedTable, partner.ReferencedTable, other.TargetRows, parent.TargetRows,
                    capped, saturated));
            }
        }

        return caps;
    }

    /// <summary>The foreign keys whose fan-out reference is not the profiled histogram itself (histogram-sized work only).</summary>
    private static List<MovingFanOut> Moving(SortedDictionary<string, TableProfile> tables, Dictionary<string, TablePlan> plans,
        CancellationToken cancellationToken)
    {
        var moving = new List<MovingFanOut>();
        foreach (var (name, t) in tables)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = plans[name].TargetRows;
            foreach (var fk in t.ForeignKeys.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (fk.Stats is not { Histogram.Count: > 0 } stats || !plans.TryGetValue(fk.ReferencedTable, out var parent))
                    continue;
                var parents = SchemaFacts.IsSelf(t, fk) ? rows : parent.TargetRows;
                var children = SchemaFacts.NonNullChildren(t, fk, rows);
                if (!FanOutReference.Moves(stats.Histogram, parents, children))
                    continue;
                var profiled = stats.Histogram.Sum(b => (double)b.Children * b.Parents) / Math.Max(1, stats.Histogram.Sum(b => b.Parents));
                var ratio = parents > 0 && profiled > 0 ? (double)children / parents / profiled : 1;
                moving.Add(new MovingFanOut(name, fk.Name, fk.ReferencedTable, ratio));
            }
        }

        return moving;
    }

    /// <summary>
    /// Makes rounded counts feasible, saying why in the table's reason: a parent rounded to 0 rows whose children got
    /// rows is raised to 1 (children first, so chains propagate; a tiny scale still gives a usable database); then,
    /// parents first, a one-to-one child is capped at its parent's rows and a key made of two foreign keys at the
    /// number of distinct parent pairs.
    /// </summary>
    private static void Adjust(SortedDictionary<string, TableProfile> tables, Dictionary<string, TablePlan> plans, List<string> order)
    {
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var t = tables[order[i]];
            var child = plans[t.Name];
            if (child.TargetRows == 0)
                continue;
            foreach (var fk in t.ForeignKeys)
            {
                if (SchemaFacts.IsSelf(t, fk) || !plans.TryGetValue(fk.ReferencedTable, out var parent) || parent.TargetRows > 0)
                    continue;
                if (SchemaFacts.NonNullChildren(t, fk, child.TargetRows) == 0)
                    continue;
                plans[parent.Name] = parent with { TargetRows = 1, Adjusted = true,
                    Reason = parent.Reason + $"; raised to 1 row: rows of '{t.Name}' need a parent" };
            }
        }

        foreach (var name in order)
        {
            var t = tables[name];
            var plan = plans[name];
            foreach (var fk in t.ForeignKeys)
            {
                if (SchemaFacts.IsSelf(t, fk) || !SchemaFacts.IsOneToOne(t, fk) || !plans.TryGetValue(fk.ReferencedTable, out var parent))
                    continue;
                var rows = plan.TargetRows;
                while (rows > 0 && SchemaFacts.NonNullChildren(t, fk, rows) > parent.TargetRows)
                    rows = Math.Min(rows - 1,
                        Math.Max(parent.TargetRows,
                        (long)Math.Floor(parent.TargetRows / Math.Max(1e-9, 1 - SchemaFacts.NullFraction(t, fk)))));
                if (rows < plan.TargetRows)
                    plan = plan with { TargetRows = rows, Adjusted = true,
                        Reason = plan.Reason +
                        Invariant($"; capped at {rows} rows: one-to-one with '{parent.Name}' ({parent.TargetRows} rows)") };
            }

            var layout = new KeyLayout(t, tables);
            foreach (var (first, second) in layout.Pairs)
            {
                var f1 = layout.ForeignKeys[first];
                var f2 = layout.ForeignKeys[second];
                var p1 = SchemaFacts.IsSelf(t, f1) ? plan.TargetRows : plans.TryGetValue(f1.ReferencedTable, out var a) ? a.TargetRows : 0;
                var p2 = SchemaFacts.IsSelf(t, f2) ? plan.TargetRows : plans.TryGetValue(f2.ReferencedTable, out var b) ? b.TargetRows : 0;
                var pairs = (Int128)p1 * p2;
                if (pairs < plan.TargetRows)
                    plan = plan with { TargetRows = (long)pairs, Adjusted = true,
                        Reason = plan.Reason +
                        Invariant($"; capped at {(long)pairs} rows: the key over {f1.Name} and {f2.Name} ")
                    + Invariant($"holds at most {p1} × {p2} pairs") };
            }

            plans[name] = plan;
        }
    }

    private static bool IsValidFactor(double f) => double.IsFinite(f) && f > 0;

    private static PlanValidationException Fail(List<string> errors, IEnumerable<string>? known)
    {
        var message = $"The generation plan is invalid: {string.Join("; ", errors)}.";
        if (known is not null)
        {
            var list = known.ToList();
            var shown = string.Join(", ", list.Take(MaxKnownTablesListed));
            var more = list.Count > MaxKnownTablesListed ? Invariant($", ... ({list.Count - MaxKnownTablesListed} more)") : "";
            message += $" Known tables: {shown}{more}.";
        }

        return new PlanValidationException(message);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

}
