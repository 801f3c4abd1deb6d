using System.Globalization;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// Finds references a source does not declare, before it is profiled, so that the accepted ones are profiled like declared
/// foreign keys (fan-out, joint fan-outs, row states following their parents). Two passes: columns whose name points at a
/// key (<see cref="ReferenceNames"/>) are compared with those keys; then the remaining columns named like references are
/// compared, on data alone, with every key of their kind that is not itself a reference. The rules are in
/// docs/inferred-fks.md.
/// </summary>
internal static class ForeignKeyInference
{
    /// <summary>
    /// Measures and decides the candidates; returns the schema with the accepted ones as undeclared foreign keys, and the
    /// review file's minimums set on their foreign keys (declared or kept).
    /// </summary>
    /// <exception cref="DuckfaceException">
    /// The review file names an unknown table or column, or gives a minimum to a foreign key there is not (exit 2).
    /// </exception>
    public static async Task<(IReadOnlyList<TableProfile> Schema, ForeignKeyInferenceResult Result)> RunAsync(SourceDatabase source,
        IReadOnlyList<TableProfile> schema, ForeignKeyInferenceOptions options, IProgress<string>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        var decisions = options.Review is { } review ? ReviewValidator.Validate(review, schema) : [];
        var minimums = options.Review is { } reviewed ? ReviewValidator.ValidateMinimums(reviewed, schema) : [];
        var declared = schema.SelectMany(t => t.ForeignKeys.Where(f => f.Columns.Count == 1)
            .Select(f => new ColumnReference(t.Name, f.Columns[0], f.ReferencedTable, f.ReferencedColumns[0]))).ToHashSet();
        var query = new ContainmentQuery(source, options.MaxDistinctValues);
        var judge = new CandidateJudge(options);

        // pass 1: the names (and the review file's own pairs)
        var named = options.Infer ? NamedPairs(schema) : [];
        var reviewPairs = decisions.Where(d => !declared.Contains(d.Reference) && named.All(p => p.Reference != d.Reference))
            .Select(d => new ReferencePair(d.Reference, Rule(d.Reference)));
        var first = await MeasureAsync(query, [.. named, .. reviewPairs], progress, "named", cancellationToken).ConfigureAwait(false);
        var candidates = Decide(judge, first);

        // pass 2: data alone, for columns named like references that no name rule or review decision covered
        var unrelated = 0;
        if (options.Infer)
        {
            var covered = candidates.Select(c => (c.Reference.Table, c.Reference.Column)).ToHashSet();
            var referencing = candidates.Where(c => c.Accepted).Select(c => (c.Reference.Table, c.Reference.Column)).ToHashSet();
            var dataPairs = DataPairs(schema, covered, referencing);
            var second = await MeasureAsync(query, dataPairs, progress, "compared on data alone", cancellationToken).ConfigureAwait(false);
            var shared = second.Where(p => p.Containment is not { Found: 0 }).ToList();
            unrelated = second.Count - shared.Count;
            candidates.AddRange(Decide(judge, shared));
        }

        candidates.Sort((a, b) => string.CompareOrdinal(a.Reference.ToString(), b.Reference.ToString()));
        var accepted = candidates.Where(c => c.Accepted).Select(c => c.Reference).ToList();
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"Undeclared references: {accepted.Count} accepted of {candidates.Count} listed ({unrelated} unrelated pairs not listed)."));
        var result = new ForeignKeyInferenceResult(candidates, unrelated) { Minimums = minimums, ReviewSource = options.Review?.Source };
        return (WithMinimums(WithReferences(schema, accepted), minimums, decisions, options.Review?.Source), result);
    }

    /// <summary>
    /// The schema with each minimum set on its foreign key: declared by the source, or kept (inferred, accepted or added),
    /// which only now is known.
    /// </summary>
    /// <exception cref="DuckfaceException">A minimum names no single-column foreign key of the schema (exit 2).</exception>
    private static List<TableProfile> WithMinimums(List<TableProfile> schema, IReadOnlyList<MinimumDecision> minimums,
        IReadOnlyList<ReviewDecision> decisions, string? source)
    {
        foreach (var minimum in minimums)
        {
            var r = minimum.Reference;
            var i = schema.FindIndex(t => string.Equals(t.Name, r.Table, StringComparison.Ordinal));
            var table = schema[i];
            if (!table.ForeignKeys.Any(f => Is(f, r)))
            {
                throw new DuckfaceException(ForeignKeyReview.Where(source ?? "the review file", minimum.Line)
                    + Missing(table, r, decisions));
            }

            schema[i] = table with
            {
                ForeignKeys = [.. table.ForeignKeys.Select(f => Is(f, r) ? f with { MinChildren = minimum.MinChildren } : f)],
            };
        }

        return schema;
    }

    /// <summary>Whether <paramref name="fk"/> is the single-column foreign key <paramref name="r"/>.</summary>
    /// <remarks>
    /// Case-insensitive: a catalog spells a foreign key's columns as its clause does (SQLite's <c>REFERENCES invoice</c>),
    /// which need not be the table's own spelling that <paramref name="r"/> holds.
    /// </remarks>
    private static bool Is(ForeignKeyProfile fk, ColumnReference r) =>
        fk.Columns is [var column] && fk.ReferencedColumns is [var key]
        && string.Equals(column, r.Column, StringComparison.OrdinalIgnoreCase)
        && string.Equals(fk.ReferencedTable, r.ReferencedTable, StringComparison.OrdinalIgnoreCase)
        && string.Equals(key, r.ReferencedColumn, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a minimum's foreign key is not in the schema, and the fix.</summary>
    private static string Missing(TableProfile table, ColumnReference r, IReadOnlyList<ReviewDecision> decisions)
    {
        if (decisions.FirstOrDefault(d => !d.Keeps && d.Reference == r) is { } reject)
        {
            return $"{r} is rejected on line {reject.Line.ToString(CultureInfo.InvariantCulture)}, so it has no foreign key to "
                + "give a minimum: remove one of the two lines.";
        }

        if (table.ForeignKeys.FirstOrDefault(f => f.Columns.Count > 1
                && string.Equals(f.ReferencedTable, r.ReferencedTable, StringComparison.OrdinalIgnoreCase)
                && f.Columns.Contains(r.Column, StringComparer.OrdinalIgnoreCase)) is { } composite)
        {
            return $"{r.Table}.{r.Column} is one column of the composite foreign key {composite.Name} "
                + $"({string.Join(", ", composite.Columns)}): a min line names a single-column foreign key only; remove the line.";
        }

        return $"no foreign key {r}: the source does not declare it and no inferred reference or accept or add line keeps it; "
            + $"write 'add {r}' or fix the names.";
    }

    /// <summary>The schema with each accepted reference added to its table as an undeclared foreign key, in canonical order.</summary>
    private static List<TableProfile> WithReferences(IReadOnlyList<TableProfile> schema, List<ColumnReference> accepted) =>
        [.. schema.Select(t =>
        {
            var added = accepted.Where(r => string.Equals(r.Table, t.Name, StringComparison.Ordinal)).Select(r => new ForeignKeyProfile
            {
                Name = $"inferred_{r.Column}_{r.ReferencedTable}",
                Columns = [r.Column],
                ReferencedTable = r.ReferencedTable,
                ReferencedColumns = [r.ReferencedColumn],
                Declared = false,
            }).ToList();
            return added.Count == 0 ? t : t with { ForeignKeys = SchemaOrder.ForeignKeys(t.ForeignKeys.Concat(added)) };
        })];

    private static List<ForeignKeyCandidate> Decide(CandidateJudge judge, IEnumerable<ReferencePair> pairs) =>
        [.. pairs.GroupBy(p => (p.Reference.Table, p.Reference.Column)).SelectMany(g => judge.Decide([.. g]))];

    private static async Task<List<ReferencePair>> MeasureAsync(ContainmentQuery query, List<ReferencePair> pairs,
        IProgress<string>? progress, string what, CancellationToken cancellationToken)
    {
        if (pairs.Count > 0)
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"Inferring references: measuring {pairs.Count} pairs {what}..."));
        var measured = new List<ReferencePair>(pairs.Count);
        foreach (var pair in pairs)
            measured.Add(await query.MeasureAsync(pair, cancellationToken).ConfigureAwait(false));
        return measured;
    }

    /// <summary>
    /// Every (column, key) pair of the schema whose names match a rule, the column not already a declared reference. A
    /// <c>same name</c> pair into a key that is itself a reference (declared, or named after another table) is left out:
    /// two columns named after a third entity (<c>instance_faults.instance_uuid</c>, <c>instance_extra.instance_uuid</c>)
    /// both point at that entity, not at each other.
    /// </summary>
    private static List<ReferencePair> NamedPairs(IReadOnlyList<TableProfile> schema)
    {
        var named = Pairs(schema)
            .Select(p => (Pair: p, Rule: ReferenceNames.Rule(p.Column.Name, p.Parent.Name, p.Key.Name)))
            .Where(x => x.Rule is not null).ToList();
        var referencing = named.Where(x => x.Rule != ReferenceNames.SameName).Select(x => (x.Pair.Child.Name, x.Pair.Column.Name))
            .Concat(schema.SelectMany(t => t.ForeignKeys.SelectMany(f => f.Columns.Select(c => (t.Name, c)))))
            .ToHashSet();
        return [.. named
            .Where(x => x.Rule != ReferenceNames.SameName || !referencing.Contains((x.Pair.Parent.Name, x.Pair.Key.Name)))
            .Select(x => new ReferencePair(new ColumnReference(x.Pair.Child.Name, x.Pair.Column.Name, x.Pair.Parent.Name, x.Pair.Key.Name),
                x.Rule))];
    }

    /// <summary>
    /// Pairs for the data-only pass: columns named like references, not unique in their own table (a unique column is
    /// more often a key that others point at), not covered by pass 1; keys of another table that are not references
    /// themselves (declared or just accepted), so that a value is traced to its root.
    /// </summary>
    private static List<ReferencePair> DataPairs(IReadOnlyList<TableProfile> schema, HashSet<(string, string)> covered,
        HashSet<(string, string)> referencing)
    {
        var result = new List<ReferencePair>();
        foreach (var (child, column, parent, key) in Pairs(schema))
        {
            if (ReferenceEquals(child, parent) || covered.Contains((child.Name, column.Name))
                || !ReferenceColumns.NamedLikeReference(column.Name)
                || column.Category == Schema.ColumnCategory.Integer // any small integer is in some sequence: names only
                || ReferenceColumns.UniqueColumns(child).Contains(column.Name, StringComparer.OrdinalIgnoreCase)
                || ReferenceColumns.IsDeclaredReference(parent, key.Name) || referencing.Contains((parent.Name, key.Name)))
                continue;
            result.Add(new ReferencePair(new ColumnReference(child.Name, column.Name, parent.Name, key.Name), null));
        }

        return result;
    }

    /// <summary>Every comparable (child column, parent key) pair, the child column not in a declared foreign key.</summary>
    private static IEnumerable<(TableProfile Child, ColumnProfile Column, TableProfile Parent, ColumnProfile Key)> Pairs(
        IReadOnlyList<TableProfile> schema)
    {
        var keys = schema.SelectMany(t => ReferenceColumns.UniqueColumns(t).Select(k => (Table: t, Key: t.FindColumn(k))))
            .Where(x => x.Key is not null).ToList();
        foreach (var child in schema)
        {
            foreach (var column in child.Columns)
            {
                if (!ReferenceColumns.CanRefer(child, column) || ReferenceColumns.IsDeclaredReference(child, column.Name))
                    continue;
                foreach (var (parent, key) in keys)
                {
                    if ((!ReferenceEquals(child, parent) || !ReferenceEquals(column, key)) && ReferenceColumns.Comparable(column, key!))
                        yield return (child, column, parent, key!);
                }
            }
        }
    }

    private static string? Rule(ColumnReference r) => ReferenceNames.Rule(r.Column, r.ReferencedTable, r.ReferencedColumn);
}
