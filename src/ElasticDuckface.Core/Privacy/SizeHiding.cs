using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Privacy;

/// <summary>The noise of <c>profile --hide-sizes</c>: σ of the lognormal factor, and the seed (never written).</summary>
/// <param name="Sigma">σ: every relative size and fan-out share is multiplied by exp(σ·Z), Z standard normal.</param>
/// <param name="Seed">The seed of Z; whoever knows it can take the noise out, so it is not written in the profile.</param>
public sealed record SizeNoise(double Sigma, long Seed)
{
    /// <summary>The documented default σ (docs/privacy.md): a relative size is off by about 10%.</summary>
    public const double DefaultSigma = 0.1;

    /// <summary>The largest σ <c>--size-noise</c> accepts: exp(±1) already moves a relative size by a factor of 2.7.</summary>
    public const double MaxSigma = 1;
}

/// <summary>
/// <c>profile --hide-sizes</c> (issue 9): rewrites a profile so that it holds no exact row count and nothing from which one
/// follows. Row counts become sizes relative to the largest table (= 1) times lognormal noise; key sequences become
/// ranges relative to the row count; fan-out bins become shares of the parents (with the same noise); distinct counts
/// become ratios; sampled rows, foreign-key parent/child counts and the rows of joint keys, orderings and parent states
/// are not written; a reference column's values (parent keys, so a size) keep only their NULL share. Every non-integer
/// number is then written to 2 significant digits below 1 (fractions: a/N to more digits gives N back) and 3 above.
/// </summary>
public static class SizeHiding
{
    /// <summary>Hides the sizes of <paramref name="profile"/> (format version 3).</summary>
    public static DatabaseProfile Hide(DatabaseProfile profile, SizeNoise noise)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(noise);
        if (!(noise.Sigma > 0 && noise.Sigma <= SizeNoise.MaxSigma))
            throw new DuckfaceException($"--size-noise must be above 0 and at most {SizeNoise.MaxSigma}, got {noise.Sigma}.");
        if (profile.Settings.HideSizes)
            return profile;
        var reference = profile.Tables.OrderByDescending(t => t.RowCount).ThenBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault();
        var referenceRows = Math.Max(1, reference?.RowCount ?? 1);
        var tables = profile.Tables.Select(t => HideTable(t, referenceRows, t == reference, noise)).ToList();
        var hidden = profile with
        {
            FormatVersion = DatabaseProfile.HiddenSizesFormatVersion,
            Settings = profile.Settings with { HideSizes = true, ReferenceTable = reference?.Name, SizeNoise = noise.Sigma },
            Tables = tables,
        };
        return RoundFractions(hidden);
    }

    private static TableProfile HideTable(TableProfile t, long referenceRows, bool isReference, SizeNoise noise)
    {
        var rows = Math.Max(1, t.RowCount);
        var references = new HashSet<string>(t.ForeignKeys.SelectMany(f => f.Columns), StringComparer.Ordinal);
        return t with
        {
            RowCount = 0,
            RelativeSize = isReference ? 1 : (double)t.RowCount / referenceRows * Factor(noise, t.Name, "", 0),
            SampledRows = null,
            Columns = [.. t.Columns.Select(c => c.Stats is not { } s ? c : c with { Stats = Hidden(s, c.Name) })],
            ForeignKeys = [.. t.ForeignKeys.Select(f => f.Stats is not { } s ? f : f with
            {
                Stats = s with
                {
                    ParentRows = 0, ChildRows = 0, Histogram = Shares(s.Histogram, noise, t.Name, f.Name),
                    // per-state histograms hold exact counts of parents: a hidden-size profile has none, generation uses the
                    // overall shares
                    ByParentState = null,
                    // cluster counts are counts of parents and clusters too: none, growth thins children independently
                    Clusters = null,
                },
            })],
            JointForeignKeys = [.. t.JointForeignKeys.Select(j => j with { Rows = 0 })],
            // a rank correlation holds no size: kept (rounded as every fraction is, below)
            ChildFanOutCorrelations = t.ChildFanOutCorrelations,
            Orderings = [.. t.Orderings.Select(o => o with { Rows = 0 })],
            RowState = t.RowState is not { } state ? null : state with
            {
                Columns = [.. state.Columns.Select(c => c with
                {
                    WhenSet = Hidden(c.WhenSet, c.Name), WhenUnset = Hidden(c.WhenUnset, c.Name),
                })],
                Parents = [.. state.Parents.Select(p => p with { Rows = 0 })],
            },
        };

        // a reference column's values are the parent's keys (a size): only its NULL share stays
        ColumnStatistics Hidden(ColumnStatistics s, string column) => s with
        {
            DistinctCount = 0,
            DistinctRatio = (double)s.DistinctCount / rows,
            Distribution = references.Contains(column) ? new EmptyDistribution() : Relative(s.Distribution, rows),
        };
    }

    private static Distribution Relative(Distribution d, long rows) => d is SequenceDistribution s
        ? new RelativeSequenceDistribution((double)(s.Min - 1) / rows, (double)(s.Max - s.Min + 1) / rows)
        : d;

    /// <summary>Each bin's share of the parents times its own noise factor, renormalised to sum to 1.</summary>
    private static List<FanOutBin> Shares(IReadOnlyList<FanOutBin> histogram, SizeNoise noise, string table, string fk)
    {
        var noisy = histogram.Select(b => b.Parents * Factor(noise, table, fk, b.Children)).ToList();
        var total = noisy.Sum();
        return [.. histogram.Select((b, i) => new FanOutBin(b.Children) { Share = total > 0 ? noisy[i] / total : 0 })];
    }

    /// <summary>exp(σ·Z), Z standard normal (Box–Muller) from a generator keyed by (seed, table, foreign key, bin).</summary>
    private static double Factor(SizeNoise noise, string table, string fk, long bin)
    {
        var stream = StableHash.Derive(noise.Seed, "hide-sizes", table, fk, bin.ToString(CultureInfo.InvariantCulture));
        var u1 = 1 - StableHash.Uniform(stream, 0);
        var u2 = StableHash.Uniform(stream, 0, 1);
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp(noise.Sigma * z);
    }

    /// <summary>Every non-integer number of the profile JSON to 2 significant digits below 1 and 3 from 1 on, in one pass.</summary>
    private static DatabaseProfile RoundFractions(DatabaseProfile profile)
    {
        var node = JsonSerializer.SerializeToNode(profile, ProfileSerializer.Options)!;
        Round(node);
        return node.Deserialize<DatabaseProfile>(ProfileSerializer.Options)!;
    }

    private static void Round(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (o[key] is JsonValue v && Rounded(v) is { } r)
                        o[key] = r;
                    else if (o[key] is { } child)
                        Round(child);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && Rounded(v) is { } r)
                        a[i] = r;
                    else if (a[i] is { } child)
                        Round(child);
                }

                break;
        }
    }

    private static double? Rounded(JsonValue v)
    {
        if (v.GetValueKind() != JsonValueKind.Number || !v.TryGetValue<double>(out var x) || x == Math.Floor(x) || !double.IsFinite(x))
            return null;
        var digits = Math.Abs(x) < 1 ? 2 : 3;
        var scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(x))));
        return Math.Round(x * scale, MidpointRounding.AwayFromZero) / scale;
    }
}
