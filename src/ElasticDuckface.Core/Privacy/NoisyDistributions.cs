using System.Globalization;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Privacy;

/// <summary>
/// Column statistics under differential privacy: the column is one histogram (NULL, each kept value, each bin of the rest)
/// that a row adds itself to once, so its cells share one noise scale; frequencies, null fractions, quantiles, lengths,
/// true fractions and JSON key presences are read back from the noisy cells (docs/privacy.md lists the sensitivities).
/// </summary>
internal static class NoisyDistributions
{
    /// <summary>What one row can change in a column's statistics: its cell (or a JSON document's cells) and the distinct count.</summary>
    public static Sensitivity ColumnSensitivity(ColumnStatistics s) => Sensitivity.Count + CellSensitivity(s.Distribution);

    /// <summary>What one row changes in a distribution's cells: one cell, or for a JSON document one per place it fills.</summary>
    public static Sensitivity CellSensitivity(Distribution? d) => d is JsonDistribution j ? NodeSensitivity(j.Root) : Sensitivity.Count;

    // a document adds itself to a node's null/value cell and length cell and to each member's presence; an array's items
    // count once per document (a document of many items counts more: docs/privacy.md says so)
    private static Sensitivity NodeSensitivity(JsonNodeProfile n)
    {
        var s = Sensitivity.Count + (n.Values is { } v ? CellSensitivity(v) : default) + (n.Lengths is null ? default : Sensitivity.Count);
        foreach (var m in n.Members ?? [])
            s += Sensitivity.Count + NodeSensitivity(m.Value);
        return n.Items is { } items ? s + NodeSensitivity(items) : s;
    }

    /// <summary>
    /// The noisy statistics of a column measured over <paramref name="rows"/> rows, whose table now has
    /// <paramref name="noisyRows"/> rows (the bound of the distinct count).
    /// </summary>
    public static ColumnStatistics Column(ColumnStatistics s, double rows, bool nullable, double noisyRows, StatisticNoise noise)
    {
        if (s.Distribution is EmptyDistribution or SequenceDistribution or RelativeSequenceDistribution)
            return s;
        var nulls = nullable ? noise.Count(s.NullFraction * rows) : 0;
        var (distribution, mass) = Distribution(s.Distribution, (1 - s.NullFraction) * rows, noise);
        var nullFraction = nulls + mass > 0 ? nulls / (nulls + mass) : 0;
        var nonNull = Math.Max(1, Math.Round(noisyRows * (1 - nullFraction)));
        var least = distribution is CategoricalDistribution c ? Math.Max(1, c.Values.Count) : 1;
        var distinct = (long)Math.Clamp(Math.Round(s.DistinctCount + noise.Next()), Math.Min(least, nonNull), nonNull);
        return s with { NullFraction = Quantiles.Tidy(nullFraction), DistinctCount = distinct, Distribution = distribution };
    }

    /// <summary>The noisy distribution over <paramref name="mass"/> rows and the noisy number of rows its cells hold.</summary>
    public static (Distribution Distribution, double Mass) Distribution(Distribution d, double mass, StatisticNoise noise)
    {
        switch (d)
        {
            case NumericDistribution n:
            {
                var (q, m) = NoisyQuantiles.Apply(n.Quantiles, mass, n.Integer, noise);
                var (mean, sd) = Moments(q);
                return (n with { Quantiles = Tidy(q), Mean = Quantiles.Tidy(mean), StdDev = Quantiles.Tidy(sd) }, m);
            }

            case TextDistribution t:
            {
                var (q, m) = NoisyQuantiles.Apply(t.Lengths, mass, true, noise);
                return (t with { Lengths = q }, m);
            }

            case BinaryDistribution b:
            {
                var (q, m) = NoisyQuantiles.Apply(b.Lengths, mass, true, noise);
                return (b with { Lengths = q }, m);
            }

            case DateTimeDistribution dt:
            {
                var seconds = dt.Quantiles.Select(Seconds).ToList();
                var (q, m) = NoisyQuantiles.Apply(seconds, mass, true, noise);
                // a date without time of day stays one (the generator and verify read whole days)
                return (dt with { Quantiles = [.. q.Select(x => Text(dt.HasTime ? x : Math.Round(x / 86_400) * 86_400))] }, m);
            }

            case BooleanDistribution b:
            {
                var (t, f) = (noise.Count(b.TrueFraction * mass), noise.Count((1 - b.TrueFraction) * mass));
                return (new BooleanDistribution(t + f > 0 ? Quantiles.Tidy(t / (t + f)) : 0.5), t + f);
            }

            case SameAsDistribution same:
            {
                var (t, f) = (noise.Count(same.Fraction * mass), noise.Count((1 - same.Fraction) * mass));
                return (same with { Fraction = t + f > 0 ? Quantiles.Tidy(t / (t + f)) : 1 }, t + f);
            }

            case CategoricalDistribution c:
                return Categorical(c, mass, noise);
            case JsonDistribution j:
            {
                var (root, m) = Node(j.Root, mass, noise);
                return (new JsonDistribution(root), m);
            }

            default:
                return (d, noise.Count(mass));
        }
    }

    private static (Distribution, double) Categorical(CategoricalDistribution c, double mass, StatisticNoise noise)
    {
        var counts = c.Values.Select(v => noise.Count(v.Frequency * mass)).ToList();
        Distribution? other = null;
        double otherMass = 0;
        if (c.Other is { } o)
            (other, otherMass) = Distribution(o, c.OtherFraction * mass, noise);
        else if (c.OtherFraction > 0)
            otherMass = noise.Count(c.OtherFraction * mass);
        var total = counts.Sum() + otherMass;
        if (total <= 0)
        {
            // nothing survived the noise: an even share for each kept value, or all for the rest when none is kept
            counts = [.. counts.Select(_ => 1.0)];
            otherMass = counts.Count == 0 ? 1 : 0;
            total = counts.Count + otherMass;
        }

        return (c with
        {
            Values = [.. c.Values.Select((v, i) => v with { Frequency = Quantiles.Tidy(counts[i] / total) })],
            OtherFraction = Quantiles.Tidy(otherMass / total),
            Other = other,
        }, total);
    }

    /// <summary>A JSON place over <paramref name="occurrences"/>: its null share, values, lengths, key presences and children.</summary>
    private static (JsonNodeProfile, double) Node(JsonNodeProfile n, double occurrences, StatisticNoise noise)
    {
        var nulls = noise.Count(n.NullFraction * occurrences);
        var present = (1 - n.NullFraction) * occurrences;
        var (values, mass) = n.Values is { } v ? Distribution(v, present, noise) : (null, noise.Count(present));
        var lengths = n.Lengths is { } l ? NoisyQuantiles.Apply(l, present, true, noise).Quantiles : null;
        var members = n.Members?.Select(m =>
        {
            var (has, lacks) = (noise.Count(m.Presence * present), noise.Count((1 - m.Presence) * present));
            var (value, _) = Node(m.Value, m.Presence * present, noise);
            return m with { Presence = has + lacks > 0 ? Quantiles.Tidy(has / (has + lacks)) : 0, Value = value };
        }).ToList();
        var items = n.Items is { } it ? Node(it, present * Math.Max(1, n.Lengths is { } ls ? ls.Average() : 1), noise).Item1 : null;
        return (n with
        {
            NullFraction = nulls + mass > 0 ? Quantiles.Tidy(nulls / (nulls + mass)) : 0,
            Values = values, Lengths = lengths, Members = members, Items = items,
        }, nulls + mass);
    }

    /// <summary>Mean and standard deviation of the distribution the quantiles describe (uniform between neighbours).</summary>
    private static (double Mean, double StdDev) Moments(IReadOnlyList<double> q)
    {
        if (q.Count < 2)
            return (q.Count == 1 ? q[0] : 0, 0);
        double mean = 0, square = 0;
        var w = 1.0 / (q.Count - 1);
        for (var i = 0; i + 1 < q.Count; i++)
        {
            var (a, b) = (q[i], q[i + 1]);
            mean += w * (a + b) / 2;
            square += w * (a * a + a * b + b * b) / 3;
        }

        return (mean, Math.Sqrt(Math.Max(0, square - mean * mean)));
    }

    private static List<double> Tidy(IReadOnlyList<double> q) => [.. q.Select(Quantiles.Tidy)];

    private static double Seconds(string text) =>
        DateTime.ParseExact(text, ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture).Ticks / (double)TimeSpan.TicksPerSecond;

    private static string Text(double seconds) =>
        new DateTime((long)seconds * TimeSpan.TicksPerSecond).ToString(ColumnAnalyzer.DateTimeFormat, CultureInfo.InvariantCulture);
}
