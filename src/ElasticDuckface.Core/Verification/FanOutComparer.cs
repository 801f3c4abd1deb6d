using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Verification;

/// <summary>
/// Compares each foreign key's fan-out (children per parent) in the target with the profile's: its shape (KS over its
/// floor) and its mean.
/// </summary>
internal static class FanOutComparer
{
    /// <summary>The table's foreign keys that both sides measured, by name.</summary>
    public static List<ForeignKeyFidelity> Compare(
        DatabaseProfile profile, TableProfile table, TableProfile target, Func<string, TableProfile?> findTarget, VerifyOptions options)
    {
        var plan = options.Plan;
        var fks = new List<ForeignKeyFidelity>();
        foreach (var fk in table.ForeignKeys.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var tfk = target.ForeignKeys.FirstOrDefault(f => f.Columns.SequenceEqual(fk.Columns, StringComparer.OrdinalIgnoreCase)
                && string.Equals(f.ReferencedTable, fk.ReferencedTable, StringComparison.OrdinalIgnoreCase));
            if (fk.Stats is null || tfk?.Stats is null)
                continue;
            var parent = profile.Tables.FirstOrDefault(t => t.Name == fk.ReferencedTable);
            var targetParent = findTarget(fk.ReferencedTable);
            var childFactor = Factor(plan, table.Name, table.RowCount, target.RowCount);
            var parentFactor = Factor(plan, fk.ReferencedTable, parent?.RowCount ?? 0, targetParent?.RowCount ?? 0);
            var clusters = ClusterContext.Of(fk.Stats, parentFactor, name => profile.Tables.FirstOrDefault(t => t.Name == name) is { } a
                ? Factor(plan, name, a.RowCount, findTarget(name)?.RowCount ?? 0)
                : null);
            fks.Add(CompareFanOut(fk, fk.Stats, tfk.Stats, childFactor, parentFactor, options, Pair(table, target, fk), clusters));
        }

        return fks;
    }

    /// <summary>The other side of the key of two foreign keys <paramref name="fk"/> belongs to, as the generator sees it.</summary>
    public static PairSide? Pair(TableProfile table, TableProfile target, ForeignKeyProfile fk)
    {
        if (SchemaFacts.PairPartner(table, fk) is not { Stats.ParentRows: > 0 } partner)
            return null;
        var other = target.ForeignKeys.FirstOrDefault(f => f.Columns.SequenceEqual(partner.Columns, StringComparer.OrdinalIgnoreCase)
            && string.Equals(f.ReferencedTable, partner.ReferencedTable, StringComparison.OrdinalIgnoreCase));
        return other?.Stats is { } stats ? new PairSide(partner.Stats!.ParentRows, stats.ParentRows, partner.Stats.Histogram,
            fk.Stats?.ParentRows ?? 0, fk.Stats?.Histogram) : null;
    }

    /// <summary>The factor a table was scaled by: the plan's (target rows / source rows), else the observed ratio.</summary>
    private static double Factor(GenerationPlan? plan, string table, long profileRows, long targetRows)
    {
        if (plan?.Find(table) is { } tp)
            return tp.SourceRows == 0 ? tp.Factor : (double)tp.TargetRows / tp.SourceRows;
        return profileRows == 0 ? 1 : (double)targetRows / profileRows;
    }

    private static ForeignKeyFidelity CompareFanOut(
        ForeignKeyProfile fk, FanOutStatistics p, FanOutStatistics t, double childFactor, double parentFactor, VerifyOptions options,
        PairSide? pair, ClusterContext? clusters)
    {
        var ratio = parentFactor > 0 ? childFactor / parentFactor : 1;
        var expectedMean = p.Mean * ratio;
        // the reference is the one the generator allocates against: the profile's histogram stretched to the target's own
        // mean (children / parents as measured), k → round(k·r); whether that mean is right is the mean check's job
        var shape = FanOutShape.Measure(p.Histogram, t.Histogram, t.ParentRows, options, pair, clusters, fk.MinChildren);
        var (ks, floor, excess, ksThreshold, normalized) = shape;
        double? tv = normalized ? null : MetricRounding.Round(FanOutDistance.TotalVariation(p.Histogram, t.Histogram));
        var (status, note, meanRatio) = shape.Judge(t.Mean, expectedMean, options);
        return new ForeignKeyFidelity
        {
            Name = fk.Name,
            Columns = fk.Columns,
            ReferencedTable = fk.ReferencedTable,
            ParentRows = new(p.ParentRows, t.ParentRows),
            ChildRows = new(p.ChildRows, t.ChildRows),
            Ks = MetricRounding.Round(ks),
            KsFloor = MetricRounding.Round(floor),
            KsExcess = MetricRounding.Round(excess),
            TotalVariation = tv,
            Normalized = normalized,
            ExpectedMean = MetricRounding.Round(expectedMean),
            Mean = new(p.Mean, t.Mean),
            MeanRatio = MetricRounding.Round(meanRatio),
            P99 = new(p.P99, t.P99),
            Max = new(p.Max, t.Max),
            ZeroFraction = new(p.ZeroFraction, t.ZeroFraction),
            NullFraction = new(p.NullFraction, t.NullFraction),
            KsThreshold = MetricRounding.Round(ksThreshold),
            Status = status,
            Note = note,
        };
    }
}
