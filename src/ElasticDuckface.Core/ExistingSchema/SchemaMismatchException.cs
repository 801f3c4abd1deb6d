namespace ElasticDuckface.ExistingSchema;

/// <summary>
/// <c>generate --into-existing</c> refused: the target's schema cannot take the profile's rows with integrity. The message
/// is the one-line summary; <see cref="Details"/> lists every fatal difference.
/// </summary>
public sealed class SchemaMismatchException : DuckfaceException
{
    /// <summary>Creates the refusal for a target (as printed) and its comparison.</summary>
    public SchemaMismatchException(string target, SchemaComparison comparison)
        : base(Summary(target, comparison), ExitCodes.SchemaMismatch) => Comparison = comparison;

    /// <summary>The comparison that refused the run.</summary>
    public SchemaComparison Comparison { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Details => [.. Comparison.Fatal.Select(d => d.ToString())];

    private static string Summary(string target, SchemaComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var fatal = comparison.Fatal;
        return $"The schema of {target} cannot take the profile's rows with integrity ({fatal.Count} fatal "
            + $"difference{(fatal.Count == 1 ? "" : "s")}, listed below); nothing was written. Change the schema, "
            + "--exclude the tables named, or profile a database whose schema matches.";
    }
}
