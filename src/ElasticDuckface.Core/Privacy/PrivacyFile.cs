using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElasticDuckface.Privacy;

/// <summary>
/// A privacy file (<c>profile --privacy FILE</c>, issue 9): marks tables and columns <c>public</c>, <c>confidential</c>,
/// <c>drop</c> or <c>default</c> (docs/privacy.md). A table's or column's entry is either the marking itself or an
/// object with <c>privacy</c> (and, as <c>duckface privacy suggest</c> writes them, <c>shape</c> and <c>why</c>, which
/// are read and ignored):
/// <code>
/// { "tables": {
///     "Genre": "public",
///     "Customer": { "columns": { "Email": "confidential", "Fax": { "privacy": "drop", "why": "not needed" } } } } }
/// </code>
/// </summary>
/// <param name="Tables">The tables it names, in file order.</param>
public sealed record PrivacyFile(IReadOnlyList<TableMarking> Tables)
{
    /// <summary>Where the file came from, as error messages name it (e.g. <c>privacy file 'chinook.privacy.json'</c>).</summary>
    public string Source { get; init; } = "the privacy file";

    private static readonly JsonSerializerOptions s_write = new()
    {
        WriteIndented = true, IndentSize = 2, NewLine = "\n",
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads a privacy file.</summary>
    /// <exception cref="DuckfaceException">The file cannot be read (exit 5) or is malformed (exit 2); one line each.</exception>
    public static async Task<PrivacyFile> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DuckfaceException($"Cannot read the privacy file '{path}': {ex.Message} Check the path.", ExitCodes.OutputError, ex);
        }

        return Parse(text, $"Privacy file '{path}'") with { Source = $"privacy file '{path}'" };
    }

    /// <summary>Parses the text of a privacy file; <paramref name="sourceName"/> starts the error message.</summary>
    /// <exception cref="DuckfaceException">The text is malformed (exit 2).</exception>
    public static PrivacyFile Parse(string text, string sourceName = "The privacy file")
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw Malformed(sourceName, $"it is not JSON ({ex.Message.Split(". ")[0].TrimEnd('.')})");
        }

        if (root is not JsonObject top || top["tables"] is not JsonObject tables)
            throw Malformed(sourceName, "it needs an object \"tables\" that maps table names to markings");
        var result = new List<TableMarking>();
        foreach (var (table, entry) in tables)
        {
            var where = $"$.tables.{table}";
            switch (entry)
            {
                case JsonValue:
                    result.Add(new TableMarking(table, Marking(entry, where, sourceName), []));
                    break;
                case JsonObject o:
                    var privacy = o["privacy"] is { } p ? Marking(p, where + ".privacy", sourceName) : (ColumnPrivacy?)null;
                    var columns = new List<ColumnMarking>();
                    if (o["columns"] is { } cs && cs is not JsonObject)
                        throw Malformed(sourceName, $"{where}.columns must be an object of column names");
                    foreach (var (column, c) in o["columns"] as JsonObject ?? [])
                        columns.Add(new ColumnMarking(column, Column(c, $"{where}.columns.{column}", sourceName)));
                    result.Add(new TableMarking(table, privacy, columns));
                    break;
                default:
                    throw Malformed(sourceName, $"{where} must be a marking or an object");
            }
        }

        return new PrivacyFile(result);
    }

    private static ColumnPrivacy Column(JsonNode? node, string where, string sourceName) => node switch
    {
        JsonValue => Marking(node, where, sourceName),
        JsonObject o when o["privacy"] is { } p => Marking(p, where + ".privacy", sourceName),
        _ => throw Malformed(sourceName, $"{where} must be a marking or an object with \"privacy\""),
    };

    private static ColumnPrivacy Marking(JsonNode? node, string where, string sourceName)
    {
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "null";
        return text.ToLowerInvariant() switch
        {
            "public" => ColumnPrivacy.Public,
            "confidential" => ColumnPrivacy.Confidential,
            "drop" => ColumnPrivacy.Drop,
            "default" => ColumnPrivacy.Default,
            _ => throw Malformed(sourceName, $"{where} is '{text}'; use public, confidential, drop or default"),
        };
    }

    private static DuckfaceException Malformed(string sourceName, string what) =>
        new($"{sourceName} is malformed: {what} (see docs/privacy.md, or start from 'duckface privacy suggest SOURCE -o FILE').");

    /// <summary>The file as JSON text: every entry an object with its marking and, when known, its shape and why.</summary>
    public string ToJson()
    {
        var tables = new JsonObject();
        foreach (var t in Tables)
        {
            var columns = new JsonObject();
            foreach (var c in t.Columns)
            {
                var entry = new JsonObject { ["privacy"] = Name(c.Privacy) };
                if (c.Shape is not null)
                    entry["shape"] = c.Shape;
                if (c.Why is not null)
                    entry["why"] = c.Why;
                columns[c.Column] = entry;
            }

            var table = new JsonObject();
            if (t.Privacy is { } p)
                table["privacy"] = Name(p);
            if (t.Why is not null)
                table["why"] = t.Why;
            table["columns"] = columns;
            tables[t.Table] = table;
        }

        return new JsonObject { ["tables"] = tables }.ToJsonString(s_write) + "\n";
    }

    /// <summary>The marking's name as the file spells it.</summary>
    public static string Name(ColumnPrivacy privacy) => privacy.ToString().ToLowerInvariant();
}

/// <summary>A table's entry in a <see cref="PrivacyFile"/>.</summary>
/// <param name="Table">The table, as the profile names it (<c>database.table</c> for several databases).</param>
/// <param name="Privacy">The whole table's marking (its unmarked columns follow it; public also keeps its rows), or null.</param>
/// <param name="Columns">Its columns' markings.</param>
public sealed record TableMarking(string Table, ColumnPrivacy? Privacy, IReadOnlyList<ColumnMarking> Columns)
{
    /// <summary>Why the table was classed as it was (written by <c>privacy suggest</c>; not read).</summary>
    public string? Why { get; init; }
}

/// <summary>A column's entry in a <see cref="PrivacyFile"/>.</summary>
/// <param name="Column">The column.</param>
/// <param name="Privacy">Its marking.</param>
public sealed record ColumnMarking(string Column, ColumnPrivacy Privacy)
{
    /// <summary>The detected shape (written by <c>privacy suggest</c>; not read).</summary>
    public string? Shape { get; init; }

    /// <summary>Why it was classed as it was (written by <c>privacy suggest</c>; not read).</summary>
    public string? Why { get; init; }
}
