using System.Globalization;

namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>
/// A foreign key review file (<c>duckface profile --fks FILE</c>): one decision per line,
/// <c>accept|reject|add CHILD.COLUMN -> PARENT.COLUMN</c>, or a minimum number of children per parent,
/// <c>min N CHILD.COLUMN -> PARENT.COLUMN</c>; <c>#</c> starts a comment, blank lines are ignored. The evidence
/// <c>--infer-fks</c> prints is in this format, so it can be edited and passed back. See docs/inferred-fks.md.
/// </summary>
/// <example>
/// <code>
/// accept pci_devices.instance_uuid -> instances.uuid
/// reject tags.resource_id -> instances.uuid   # tags also name other resources
/// add console_auth_tokens.instance_uuid -> instances.uuid
/// min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId   # every invoice has a line
/// </code>
/// </example>
public sealed class ForeignKeyReview
{
    private ForeignKeyReview(string source, IReadOnlyList<ReviewDecision> decisions, IReadOnlyList<MinimumDecision> minimums)
    {
        Source = source;
        Decisions = decisions;
        Minimums = minimums;
    }

    /// <summary>The file's name, for messages.</summary>
    public string Source { get; }

    /// <summary>The decisions in file order.</summary>
    public IReadOnlyList<ReviewDecision> Decisions { get; }

    /// <summary>The <c>min</c> lines in file order.</summary>
    public IReadOnlyList<MinimumDecision> Minimums { get; }

    /// <summary>The decision about <paramref name="reference"/> (names compared case-insensitively), or null.</summary>
    public ReviewDecision? Find(ColumnReference reference) => Decisions.FirstOrDefault(d => Same(d.Reference, reference));

    /// <summary>Reads a review file.</summary>
    /// <exception cref="DuckfaceException">The file cannot be read (exit 5) or a line is malformed (exit 2).</exception>
    public static async Task<ForeignKeyReview> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DuckfaceException($"Cannot read the foreign key review file '{path}': {ex.Message} Check the path given to --fks.",
                ExitCodes.OutputError, ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses review file text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="DuckfaceException">
    /// A line is malformed, a minimum is not a whole number of at least 1, or one reference is both kept and rejected (exit 2).
    /// </exception>
    public static ForeignKeyReview Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var decisions = new List<ReviewDecision>();
        var minimums = new List<MinimumDecision>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
                line = line[..hash];
            line = line.Trim();
            if (line.Length == 0)
                continue;
            var space = line.IndexOfAny([' ', '\t']);
            var verb = space < 0 ? line : line[..space];
            if (string.Equals(verb, "min", StringComparison.OrdinalIgnoreCase))
            {
                minimums.Add(ParseMinimum(line, space < 0 ? "" : line[(space + 1)..], source, i + 1));
                continue;
            }

            ReviewAction? action = verb.ToLowerInvariant() switch
            {
                "accept" => ReviewAction.Accept,
                "reject" => ReviewAction.Reject,
                "add" => ReviewAction.Add,
                _ => null,
            };
            var reference = space < 0 ? null : ColumnReference.TryParse(line[(space + 1)..]);
            if (action is null || reference is null)
            {
                throw new DuckfaceException(Where(source, i + 1) + $"'{line}' is not a decision: write "
                    + "'accept|reject|add CHILD_TABLE.COLUMN -> PARENT_TABLE.COLUMN' or 'min N CHILD_TABLE.COLUMN -> PARENT_TABLE.COLUMN' "
                    + "(see docs/inferred-fks.md).");
            }

            var decision = new ReviewDecision(action.Value, reference, i + 1);
            if (decisions.FirstOrDefault(d => Same(d.Reference, reference) && d.Keeps != decision.Keeps) is { } other)
            {
                throw new DuckfaceException(Where(source, i + 1) + $"{reference} is also {(other.Keeps ? "kept" : "rejected")} on line "
                    + $"{other.Line.ToString(CultureInfo.InvariantCulture)}: keep one of the two lines.");
            }

            decisions.Add(decision);
        }

        return new ForeignKeyReview(source, decisions, minimums);
    }

    /// <summary>
    /// <c>min N CHILD.COLUMN -> PARENT.COLUMN</c>, <paramref name="rest"/> being what follows <c>min</c>. Whether the
    /// foreign key exists is checked against the schema (<see cref="ReviewValidator"/>) and after inference.
    /// </summary>
    private static MinimumDecision ParseMinimum(string line, string rest, string source, int number)
    {
        rest = rest.Trim();
        var space = rest.IndexOfAny([' ', '\t']);
        var reference = space < 0 ? null : ColumnReference.TryParse(rest[(space + 1)..]);
        if (reference is null)
        {
            throw new DuckfaceException(Where(source, number) + $"'{line}' is not a minimum: write "
                + "'min N CHILD_TABLE.COLUMN -> PARENT_TABLE.COLUMN', N the fewest children of every parent (see docs/inferred-fks.md).");
        }

        var count = rest[..space];
        if (!int.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw new DuckfaceException(Where(source, number) + $"the minimum '{count}' of {reference} is not a whole number: "
                + $"write the fewest children of every parent, e.g. 'min 1 {reference}'.");
        }

        if (n < 1)
        {
            throw new DuckfaceException(Where(source, number) + $"the minimum {count} of {reference} asks for no child: "
                + "give 1 or more children per parent, or remove the line.");
        }

        return new MinimumDecision(n, reference, number);
    }

    /// <summary>The message prefix naming a line of the file.</summary>
    internal static string Where(string source, int line) => $"{source} line {line.ToString(CultureInfo.InvariantCulture)}: ";

    private static bool Same(ColumnReference a, ColumnReference b) =>
        string.Equals(a.Table, b.Table, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Column, b.Column, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.ReferencedTable, b.ReferencedTable, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.ReferencedColumn, b.ReferencedColumn, StringComparison.OrdinalIgnoreCase);
}
