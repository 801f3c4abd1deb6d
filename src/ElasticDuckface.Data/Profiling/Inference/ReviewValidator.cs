using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// Checks a review file against the schema before anything is measured or written: every table and column exists, and a
/// kept reference points at a single-column primary or unique key of a column it can be compared with, and a minimum is
/// given once and not to a self-reference. Returns the lines spelled as the schema spells its names. Whether a minimum's
/// foreign key exists is known only once the inference has decided (<see cref="ForeignKeyInference"/> checks it).
/// </summary>
internal static class ReviewValidator
{
    /// <exception cref="DuckfaceException">
    /// A line names an unknown table or column, or keeps a reference that cannot be one (exit 2).
    /// </exception>
    public static IReadOnlyList<ReviewDecision> Validate(ForeignKeyReview review, IReadOnlyList<TableProfile> schema)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(schema);
        var result = new List<ReviewDecision>();
        foreach (var decision in review.Decisions)
        {
            var where = ForeignKeyReview.Where(review.Source, decision.Line);
            var (child, childColumn, parent, parentColumn, canonical) = Resolve(schema, decision.Reference, where);
            if (decision.Keeps)
            {
                if (!ReferenceColumns.UniqueColumns(parent).Contains(parentColumn.Name, StringComparer.OrdinalIgnoreCase))
                {
                    throw new DuckfaceException(where + $"{parent.Name}.{parentColumn.Name} is not a single-column primary or unique key, "
                        + "so it cannot be referred to: name the parent's key column.");
                }

                if (!ReferenceColumns.Comparable(childColumn, parentColumn))
                {
                    throw new DuckfaceException(where + $"{canonical} compares {childColumn.SqlType} with {parentColumn.SqlType}: "
                        + "a reference joins columns of the same kind (integers, text, bytes).");
                }

                if (ReferenceEquals(child, parent) && ReferenceEquals(childColumn, parentColumn))
                    throw new DuckfaceException(where + $"{canonical} refers to itself: name another column.");
            }

            result.Add(decision with { Reference = canonical });
        }

        return result;
    }

    /// <summary>The <c>min</c> lines, spelled as the schema spells its names.</summary>
    /// <exception cref="DuckfaceException">
    /// A line names an unknown table or column, a self-reference, or a foreign key another line already gives a minimum (exit 2).
    /// </exception>
    public static IReadOnlyList<MinimumDecision> ValidateMinimums(ForeignKeyReview review, IReadOnlyList<TableProfile> schema)
    {
        ArgumentNullException.ThrowIfNull(review);
        ArgumentNullException.ThrowIfNull(schema);
        var result = new List<MinimumDecision>();
        foreach (var minimum in review.Minimums)
        {
            var where = ForeignKeyReview.Where(review.Source, minimum.Line);
            var (child, childColumn, parent, parentColumn, canonical) = Resolve(schema, minimum.Reference, where);
            // every row would need a child row of its own table, which needs one too: no finite table meets it
            if (ReferenceEquals(child, parent))
            {
                throw new DuckfaceException(where + $"{canonical} is a self-reference, whose minimum no finite table can meet: "
                    + "remove the line.");
            }

            if (result.FirstOrDefault(m => m.Reference == canonical) is { } other)
            {
                throw new DuckfaceException(where + $"{canonical} is also given a minimum on line "
                    + $"{other.Line.ToString(CultureInfo.InvariantCulture)}: keep one of the two lines.");
            }

            result.Add(minimum with { Reference = canonical });
        }

        return result;
    }

    // both ends of a line's reference, spelled as the schema spells them
    private static (TableProfile Child, ColumnProfile ChildColumn, TableProfile Parent, ColumnProfile ParentColumn,
        ColumnReference Canonical) Resolve(IReadOnlyList<TableProfile> schema, ColumnReference r, string where)
    {
        var (child, childColumn) = Find(schema, r.Table, r.Column, where);
        var (parent, parentColumn) = Find(schema, r.ReferencedTable, r.ReferencedColumn, where);
        var canonical = new ColumnReference(child.Name, childColumn.Name, parent.Name, parentColumn.Name);
        return (child, childColumn, parent, parentColumn, canonical);
    }

    private static (TableProfile Table, ColumnProfile Column) Find(IReadOnlyList<TableProfile> schema, string table, string column,
        string where)
    {
        var t = schema.FirstOrDefault(x => string.Equals(x.Name, table, StringComparison.Ordinal))
            ?? schema.FirstOrDefault(x => string.Equals(x.Name, table, StringComparison.OrdinalIgnoreCase))
            ?? throw new DuckfaceException(where + $"no table '{table}' in the source: fix the name "
                + "(the tables are those 'duckface profile' lists) or remove the line.");
        var c = t.FindColumn(column)
            ?? throw new DuckfaceException(where + $"table '{t.Name}' has no column '{column}': fix the name or remove the line.");
        return (t, c);
    }
}
