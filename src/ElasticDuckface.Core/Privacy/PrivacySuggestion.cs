using System.Globalization;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Privacy;

/// <summary>
/// <c>duckface privacy suggest</c> (issue 9): a starting privacy file from a profile, each column with its detected shape
/// (the profiler's own <see cref="Statistics.TextShapeDetector"/> result) and why it was classed as it was. Personal
/// shapes (names, e-mails, hosts, IP and MAC addresses, phones, free text) and columns whose names say personal data
/// (first/last names, addresses, postal codes, birth dates, ...) are confidential; keys and references stay default (their
/// values are generated from keys); small-domain columns and lookup tables are noted as public candidates but stay default,
/// so nothing is published verbatim until a person says so.
/// </summary>
public static class PrivacySuggestion
{
    /// <summary>A table with at most this many rows, no foreign key of its own and a child referencing it is a lookup candidate.</summary>
    public const long LookupTableMaxRows = 1000;

    private static readonly (TextShape Shape, string What)[] s_personalShapes =
    [
        (TextShape.Name, "personal names"), (TextShape.Email, "e-mail addresses"), (TextShape.Hostname, "host names"),
        (TextShape.Ipv4, "IPv4 addresses"), (TextShape.Ipv6, "IPv6 addresses"), (TextShape.Mac, "MAC addresses"),
        (TextShape.Phone, "phone numbers"), (TextShape.FreeText, "free text"),
    ];

    /// <summary>Name parts (lower case, without separators) that say a column holds personal data.</summary>
    private static readonly (string Part, string What)[] s_personalNames =
    [
        ("firstname", "a first name"), ("lastname", "a last name"), ("fullname", "a full name"), ("givenname", "a given name"),
        ("familyname", "a family name"), ("surname", "a surname"), ("username", "a user name"), ("displayname", "a display name"),
        ("email", "an e-mail address"), ("mail", "an e-mail address"), ("phone", "a phone number"), ("mobile", "a phone number"),
        ("fax", "a fax number"), ("address", "an address"), ("street", "a street address"), ("postalcode", "a postal code"),
        ("postcode", "a postal code"), ("zip", "a postal code"), ("birth", "a birth date"), ("ssn", "a national id"),
        ("password", "a secret"), ("secret", "a secret"), ("token", "a secret"), ("hostname", "a host name"),
        ("ipaddress", "an IP address"),
    ];

    /// <summary>The suggested privacy file for <paramref name="profile"/> (tables in profile order, columns in table order).</summary>
    public static PrivacyFile Suggest(DatabaseProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var referenced = profile.Tables
            .SelectMany(t => t.ForeignKeys.Where(f => f.ReferencedTable != t.Name).Select(f => f.ReferencedTable))
            .ToHashSet(StringComparer.Ordinal);
        return new PrivacyFile([.. profile.Tables.Select(t => Table(t, referenced.Contains(t.Name)))]);
    }

    private static TableMarking Table(TableProfile t, bool referenced)
    {
        var columns = t.Columns.Select(c => Column(t, c)).ToList();
        var lookup = referenced && t.ForeignKeys.Count == 0 && t.RelativeSize is null && t.RowCount <= LookupTableMaxRows
            && columns.All(c => c.Privacy != ColumnPrivacy.Confidential || c.Why!.Contains("free text", StringComparison.Ordinal));
        var why = lookup
            ? Invariant($"public candidate: a lookup table ({t.RowCount} rows, no foreign key, referenced by other tables); ")
                + "mark it \"privacy\": \"public\" to keep its rows verbatim (generate then writes exactly them)"
            : null;
        return new TableMarking(t.Name, null, columns) { Why = why };
    }

    private static ColumnMarking Column(TableProfile t, ColumnProfile c)
    {
        var distribution = c.Stats?.Distribution;
        var shape = Shape(c, distribution);
        if (IsKey(t, c))
            return Marking(c, ColumnPrivacy.Default, shape, "a key or reference: its values are generated from the keys, not kept");
        var squeezed = new string(c.Name.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
        if (s_personalNames.FirstOrDefault(p => squeezed.Contains(p.Part, StringComparison.Ordinal)) is { What: { } named })
            return Marking(c, ColumnPrivacy.Confidential, shape, $"its name says it holds {named}");
        // a small domain whose rare values are free text (countries, genres) is not free text; rare e-mails still are e-mails
        var kept = distribution is CategoricalDistribution { Values.Count: > 0 };
        if (TextShapeOf(distribution) is { } detected && !(kept && detected == TextShape.FreeText)
            && s_personalShapes.FirstOrDefault(p => p.Shape == detected) is { What: { } what })
        {
            var of = kept ? "its rare values" : "values";
            return Marking(c, ColumnPrivacy.Confidential, shape,
                $"{of} look like {what} (the profiler's shape detection: at least 90% of the sampled values match)");
        }

        if (distribution is CategoricalDistribution { Values.Count: > 0 } cat)
        {
            var all = cat.OtherFraction == 0 ? "all" : "the frequent";
            var values = cat.Values.Count == 1 ? "1 value" : Invariant($"{cat.Values.Count} values");
            return Marking(c, ColumnPrivacy.Default, shape, $"public candidate: a small domain ({values} kept, "
                + $"{all} held by at least k rows); the k rule keeps the frequent ones; mark it public to keep rare ones too");
        }

        var why = distribution switch
        {
            null => "not profiled: no statistics",
            CategoricalDistribution => "a few values, none held by at least k rows: the k rule writes none of them",
            NumericDistribution or DateTimeDistribution => "numbers or dates: the k rule writes clamped, coarsened quantiles",
            TextDistribution or BinaryDistribution => "the k rule writes its shape and lengths, no value",
            _ => "the k rule decides what is written",
        };
        return Marking(c, ColumnPrivacy.Default, shape, why);
    }

    private static ColumnMarking Marking(ColumnProfile c, ColumnPrivacy privacy, string shape, string why) =>
        new(c.Name, privacy) { Shape = shape, Why = why };

    private static bool IsKey(TableProfile t, ColumnProfile c) =>
        t.PrimaryKey?.Columns.Contains(c.Name, StringComparer.OrdinalIgnoreCase) == true
        || t.ForeignKeys.Any(f => f.Columns.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
        || c.Stats?.Distribution is SequenceDistribution or RelativeSequenceDistribution;

    private static TextShape? TextShapeOf(Distribution? d) => d switch
    {
        TextDistribution text => text.Shape,
        CategoricalDistribution { Other: TextDistribution other } => other.Shape,
        _ => null,
    };

    /// <summary>The shape as the file writes it: the detected text shape, else the distribution's kind and the column's category.</summary>
    private static string Shape(ColumnProfile c, Distribution? d)
    {
        var category = c.Category.ToString().ToLowerInvariant();
        return d switch
        {
            TextDistribution t => Camel(t.Shape.ToString()),
            CategoricalDistribution { Other: TextDistribution t } => "categorical, rare values " + Camel(t.Shape.ToString()),
            CategoricalDistribution => "categorical " + category,
            SequenceDistribution or RelativeSequenceDistribution => "sequence",
            JsonDistribution => "json",
            null => category,
            _ => category,
        };
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
