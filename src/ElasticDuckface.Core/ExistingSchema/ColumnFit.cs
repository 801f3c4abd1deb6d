using System.Globalization;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// The columns of one table the profile and the target both have: which are written, which are left to the target's
/// defaults or left out, and the profile's columns adapted so that generated values fit the target's (a narrower
/// VARCHAR, an ENUM's members).
/// </summary>
internal static class ColumnFit
{
    /// <summary>Compares the columns; returns the adapted profile table and the written columns (profile position, target column).</summary>
    public static (TableProfile Adapted, List<(int Source, ColumnProfile Target)> Written) Compare(TableProfile table,
        TableProfile existing, ExistingSchemaOptions options, List<SchemaDifference> found)
    {
        var adapted = table.Columns.ToArray();
        var written = new List<(int, ColumnProfile)>();
        foreach (var column in existing.Columns)
        {
            var i = table.ColumnIndex(column.Name);
            if (i < 0)
            {
                found.Add(OnlyInTarget(table.Name, existing, column, options));
                continue;
            }

            written.Add((i, column));
            adapted[i] = Fit(table, table.Columns[i], column, existing, found);
        }

        foreach (var column in table.Columns.Where(c => existing.FindColumn(c.Name) is null))
        {
            found.Add(new(DifferenceSeverity.Warning, SchemaDifferenceKind.ColumnMissingInTarget, table.Name, column.Name,
                "not in the target table: left out"));
        }

        return (table with { Columns = adapted }, written);
    }

    private static SchemaDifference OnlyInTarget(string table, TableProfile existing, ColumnProfile column, ExistingSchemaOptions options)
    {
        var numbered = column.AutoIncrement || (options.IntegerPrimaryKeyNumbersItself && existing.PrimaryKey is { Columns: [var key] }
            && string.Equals(key, column.Name, StringComparison.Ordinal) && column.Category == ColumnCategory.Integer);
        if (!column.Nullable && column.Default is null && !numbered)
        {
            return new(DifferenceSeverity.Fatal, SchemaDifferenceKind.NotNullWithoutDefault, table, column.Name,
                $"the target's {column.SqlType} NOT NULL column has no default and the profile has no such column, so no row "
                + "can be inserted (give it a default in the schema, profile a database that has it, or --exclude the table)");
        }

        var what = numbered ? "numbered by the target" : column.Default is { } d ? "left to its default " + d : "left NULL";
        return new(DifferenceSeverity.Info, SchemaDifferenceKind.ColumnOnlyInTarget, table, column.Name, "not in the profile: " + what);
    }

    private static ColumnProfile Fit(TableProfile table, ColumnProfile column, ColumnProfile target, TableProfile existing,
        List<SchemaDifference> found)
    {
        if (TargetValues.Fit(column.Category, target.Category) is { } fit)
        {
            found.Add(new(fit.Severity, SchemaDifferenceKind.TypeDiffers, table.Name, column.Name,
                $"the profile's {column.SqlType} is {target.SqlType} in the target: {fit.Note}"));
        }

        Nullability(table.Name, column, target, found);
        var adapted = column;
        if (target.Category is ColumnCategory.Enum or ColumnCategory.Set && target.EnumValues is { Count: > 0 }
            && TargetValues.IsText(column.Category))
            adapted = Members(table.Name, column, target, found);
        if (target.Length is { } length && length > 0 && target.Category is ColumnCategory.String or ColumnCategory.Text or ColumnCategory.Binary
            && (TargetValues.IsText(column.Category) || column.Category == ColumnCategory.Binary) && (column.Length is null || column.Length > length))
            adapted = Narrower(table, adapted, target, existing, length, found);
        return adapted;
    }

    private static void Nullability(string table, ColumnProfile column, ColumnProfile target, List<SchemaDifference> found)
    {
        if (target.Nullable || !column.Nullable)
            return;
        var nulls = column.Stats?.NullFraction ?? 0;
        found.Add(nulls > 0
            ? new(DifferenceSeverity.Fatal, SchemaDifferenceKind.NullabilityDiffers, table, column.Name,
                string.Create(CultureInfo.InvariantCulture,
                    $"NOT NULL in the target, but {nulls:P1} of the profile's rows are NULL: those rows cannot be inserted"))
            : new(DifferenceSeverity.Info, SchemaDifferenceKind.NullabilityDiffers, table, column.Name,
                "NOT NULL in the target; the profile saw no NULL"));
    }

    /// <summary>An ENUM or SET target: every value the profile keeps must be a member; a profile without values draws members.</summary>
    private static ColumnProfile Members(string table, ColumnProfile column, ColumnProfile target, List<SchemaDifference> found)
    {
        var members = target.EnumValues!.ToHashSet(StringComparer.Ordinal);
        var set = target.Category == ColumnCategory.Set;
        bool IsMember(string value) => set ? value.Split(',').All(v => v.Length == 0 || members.Contains(v)) : members.Contains(value);
        if (column.EnumValues is { Count: > 0 } own && own.All(members.Contains))
            return column;
        var distribution = column.Stats?.Distribution;
        if (distribution is CategoricalDistribution { Values.Count: > 0 } categorical)
        {
            var bad = categorical.Values.Select(v => v.Value).Where(v => !IsMember(v)).ToList();
            if (bad.Count > 0)
            {
                found.Add(new(DifferenceSeverity.Fatal, SchemaDifferenceKind.EnumMembers, table, column.Name,
                    $"the profile's values {string.Join(", ", bad.Select(v => "'" + v + "'"))} are not members of the target's "
                    + $"{target.SqlType}: they cannot be inserted"));
                return column;
            }

            if (categorical.OtherFraction <= 0)
                return column;
            found.Add(new(DifferenceSeverity.Warning, SchemaDifferenceKind.EnumMembers, table, column.Name, string.Create(
                CultureInfo.InvariantCulture, $"the profile's rare values ({categorical.OtherFraction:P1} of rows, not kept verbatim) "
                + $"cannot be known to be members of {target.SqlType}: drawn from its kept values instead")));
            return column with { Stats = column.Stats! with { Distribution = categorical with { OtherFraction = 0, Other = null } } };
        }

        if (distribution is not (null or EmptyDistribution))
        {
            found.Add(new(DifferenceSeverity.Warning, SchemaDifferenceKind.EnumMembers, table, column.Name,
                $"the profile keeps no values for it: drawn uniformly from the target's {target.SqlType}"));
        }

        return column with { Category = target.Category, EnumValues = target.EnumValues };
    }

    /// <summary>A target column narrower than the profile's: values are generated cut to its length.</summary>
    private static ColumnProfile Narrower(TableProfile table, ColumnProfile column, ColumnProfile target, TableProfile existing,
        long length, List<SchemaDifference> found)
    {
        var longest = Longest(column.Stats?.Distribution);
        var declared = column.Length is { } n ? n.ToString(CultureInfo.InvariantCulture) : "unbounded";
        if (longest is { } l && l <= length)
        {
            found.Add(new(DifferenceSeverity.Info, SchemaDifferenceKind.NarrowerColumn, table.Name, column.Name, string.Create(
                CultureInfo.InvariantCulture, $"{target.SqlType} in the target, {declared} in the profile; every profiled length fits")));
        }
        else
        {
            var unique = existing.UniqueKeys.Append(existing.PrimaryKey).Any(k => k is not null
                && k.Columns.Contains(target.Name, StringComparer.OrdinalIgnoreCase));
            found.Add(new(DifferenceSeverity.Warning, SchemaDifferenceKind.NarrowerColumn, table.Name, column.Name, string.Create(
                CultureInfo.InvariantCulture, $"{target.SqlType} in the target, {declared} in the profile: values are cut to {length}")
                + (unique ? " (a unique key: cut values may collide, and the load then fails, leaving the target as it was)" : "")));
        }

        return column with { Length = length };
    }

    /// <summary>The longest value a profile's distribution describes, in characters or bytes; null when it does not say.</summary>
    private static long? Longest(Distribution? distribution) => distribution switch
    {
        TextDistribution { Lengths.Count: > 0 } t => (long)Math.Ceiling(t.Lengths[^1]),
        BinaryDistribution { Lengths.Count: > 0 } b => (long)Math.Ceiling(b.Lengths[^1]),
        CategoricalDistribution c => c.Values.Select(v => (long)v.Value.Length).Append(c.OtherFraction > 0 ? Longest(c.Other) ?? long.MaxValue : 0)
            .Max(),
        EmptyDistribution => 0,
        _ => null,
    };
}
