using ElasticDuckface.Profiles;

namespace ElasticDuckface.Privacy;

/// <summary>
/// What a profile reveals, for a reviewer who approves its publication (<c>duckface inspect</c>, issue 9): every value
/// written verbatim, every size or size-like number, and the privacy settings it was written with.
/// </summary>
public sealed record ProfileDisclosure
{
    /// <summary>The profile's format version.</summary>
    public int FormatVersion { get; init; }

    /// <summary>k: the minimum count the profile was written with (format 1: categorical values only).</summary>
    public int MinCount { get; init; }

    /// <summary>Whether quantiles respect k (format 2 and later with k &gt; 1); format 1 quantiles end at real minima and maxima.</summary>
    public bool QuantilesProtected { get; init; }

    /// <summary>Whether the profile hides its sizes (<c>profile --hide-sizes</c>): then <see cref="Sizes"/> is empty.</summary>
    public bool HideSizes { get; init; }

    /// <summary>With hidden sizes: σ of the lognormal noise on relative sizes and fan-out shares.</summary>
    public double? SizeNoise { get; init; }

    /// <summary>With <c>profile --epsilon</c>: the differential-privacy budget and mechanism; null otherwise.</summary>
    public DifferentialPrivacySettings? DifferentialPrivacy { get; init; }

    /// <summary>Columns marked public by a privacy file (values kept verbatim even when rare), as <c>table.column</c>.</summary>
    public IReadOnlyList<string> PublicColumns { get; init; } = [];

    /// <summary>Every value written verbatim, in profile order.</summary>
    public required IReadOnlyList<VerbatimValue> Values { get; init; }

    /// <summary>Every size or size-like number (row counts, key ranges, distinct counts, fan-out counts), in profile order.</summary>
    public required IReadOnlyList<SizeFigure> Sizes { get; init; }

    /// <summary>Lists what <paramref name="profile"/> reveals.</summary>
    public static ProfileDisclosure Of(DatabaseProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var values = new List<VerbatimValue>();
        var sizes = new List<SizeFigure>();
        var publicColumns = new List<string>();
        foreach (var t in profile.Tables)
        {
            publicColumns.AddRange(PrivacyMarking.Columns(t, ColumnPrivacy.Public).Select(c => $"{t.Name}.{c.Name}"));
            if (t.Verbatim is { } verbatim)
            {
                // a public table's rows: every value with its share of the rows, and the number of rows (a size)
                sizes.Add(new SizeFigure(t.Name, "verbatim", "rows", verbatim.Rows.Count));
                for (var k = 0; k < verbatim.Columns.Count; k++)
                {
                    var column = k;
                    var present = verbatim.Rows.Select(r => column < r.Count ? r[column] : null).OfType<string>().ToList();
                    values.AddRange(present.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
                        new VerbatimValue(t.Name, verbatim.Columns[column], "verbatim", g.Key, (double)g.Count() / present.Count)));
                }
            }

            // a hidden-size profile (format 3) writes none of these: relative sizes and shares instead (SizeHiding)
            if (t.RelativeSize is null)
                sizes.Add(new SizeFigure(t.Name, null, "rowCount", t.RowCount));
            if (t.SampledRows is { } sampled)
                sizes.Add(new SizeFigure(t.Name, null, "sampledRows", sampled));
            foreach (var c in t.Columns)
            {
                if (c.Stats is not { } stats)
                    continue;
                if (stats.DistinctRatio is null)
                    sizes.Add(new SizeFigure(t.Name, c.Name, "distinctCount", stats.DistinctCount));
                Describe(t.Name, c.Name, "stats", stats.Distribution, values, sizes);
            }

            foreach (var fk in t.ForeignKeys)
            {
                if (fk.Stats is not { } s || s.Histogram.Any(b => b.Share is not null))
                    continue;
                var where = "foreignKey " + fk.Name;
                sizes.Add(new SizeFigure(t.Name, where, "parentRows", s.ParentRows));
                sizes.Add(new SizeFigure(t.Name, where, "childRows", s.ChildRows));
                sizes.Add(new SizeFigure(t.Name, where, "max", s.Max));
                sizes.Add(new SizeFigure(t.Name, where, "histogramParents", s.Histogram.Sum(b => b.Parents)));
            }

            foreach (var j in t.JointForeignKeys.Where(j => j.Rows != 0))
                sizes.Add(new SizeFigure(t.Name, $"jointForeignKey {j.First.Name}/{j.Second.Name}", "rows", j.Rows));
            foreach (var o in t.Orderings.Where(o => o.Rows != 0))
                sizes.Add(new SizeFigure(t.Name, $"ordering {o.After} ≤ {o.Column}", "rows", o.Rows));
            if (t.RowState is { } state)
            {
                foreach (var c in state.Columns)
                {
                    Describe(t.Name, c.Name, "rowState.whenSet", c.WhenSet.Distribution, values, sizes);
                    Describe(t.Name, c.Name, "rowState.whenUnset", c.WhenUnset.Distribution, values, sizes);
                }

                foreach (var p in state.Parents.Where(p => p.Rows != 0))
                    sizes.Add(new SizeFigure(t.Name, "rowState parent " + p.ForeignKey.Name, "rows", p.Rows));
            }
        }

        return new ProfileDisclosure
        {
            FormatVersion = profile.FormatVersion,
            MinCount = profile.Settings.MinCount,
            QuantilesProtected = profile.FormatVersion >= 2 && profile.Settings.MinCount > 1,
            HideSizes = profile.Settings.HideSizes,
            SizeNoise = profile.Settings.SizeNoise,
            DifferentialPrivacy = profile.Settings.DifferentialPrivacy,
            PublicColumns = publicColumns,
            Values = values,
            Sizes = sizes,
        };
    }

    private static void Describe(string table, string column, string where, Distribution distribution, List<VerbatimValue> values,
        List<SizeFigure> sizes)
    {
        switch (distribution)
        {
            case CategoricalDistribution c:
                values.AddRange(c.Values.Select(v => new VerbatimValue(table, column, where, v.Value, v.Frequency)));
                break;
            case SequenceDistribution s:
                sizes.Add(new SizeFigure(table, column, "sequence.min", s.Min));
                sizes.Add(new SizeFigure(table, column, "sequence.max", s.Max));
                break;
            case JsonDistribution j:
                DescribeJson(table, column, where + ".json", j.Root, values, sizes);
                break;
        }
    }

    /// <summary>A JSON structure's keys are written verbatim too, and so are its leaves' and sub-documents' kept values.</summary>
    private static void DescribeJson(string table, string column, string where, JsonNodeProfile node, List<VerbatimValue> values,
        List<SizeFigure> sizes)
    {
        if (node.Values is { } leaf)
            Describe(table, column, where, leaf, values, sizes);
        foreach (var member in node.Members ?? [])
        {
            values.Add(new VerbatimValue(table, column, where + ".key", member.Key, member.Presence));
            DescribeJson(table, column, where + "." + member.Key, member.Value, values, sizes);
        }

        if (node.Items is { } items)
            DescribeJson(table, column, where + "[]", items, values, sizes);
    }
}

/// <summary>A value written verbatim in a profile.</summary>
/// <param name="Table">The table.</param>
/// <param name="Column">The column.</param>
/// <param name="Where">Where in the table's entry: <c>stats</c>, <c>rowState.whenSet</c>, <c>rowState.whenUnset</c>, a JSON
/// column's part (<c>stats.json…</c>) or <c>verbatim</c> (a public table's rows).</param>
/// <param name="Value">The value as written.</param>
/// <param name="Share">Its share of the non-null rows there.</param>
public sealed record VerbatimValue(string Table, string Column, string Where, string Value, double Share);

/// <summary>A size or size-like number in a profile.</summary>
/// <param name="Table">The table.</param>
/// <param name="Part">The column, foreign key or dependency it belongs to, or null for the table itself.</param>
/// <param name="Name">What it is, e.g. <c>rowCount</c> or <c>sequence.max</c>.</param>
/// <param name="Value">The number.</param>
public sealed record SizeFigure(string Table, string? Part, string Name, long Value);
