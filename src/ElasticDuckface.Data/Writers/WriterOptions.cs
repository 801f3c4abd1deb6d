using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Writers;

/// <summary>How a writer treats its target and where the profile's types came from.</summary>
/// <param name="Replace">Replace the profile's tables (or files) in a non-empty target; other tables are left alone.</param>
/// <param name="SourceDialect">The profile's source engine: a target of the same engine keeps declared types as-is.</param>
/// <param name="SourceTypes">The source engine's type map, from which another engine's column types are chosen.</param>
public sealed record WriterOptions(bool Replace, string SourceDialect, IColumnTypeMap SourceTypes)
{
    /// <summary>Options for writing a profile: its source engine's type map from the registry.</summary>
    public static WriterOptions For(DatabaseProfile profile, bool replace)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new WriterOptions(replace, profile.Source.Dialect, DatabaseEngines.TypesFor(profile.Source.Dialect));
    }

    /// <summary>Whether the writer creates the tables (<see cref="TargetMode.Create"/>) or inserts into the target's own
    /// (<see cref="TargetMode.IntoExisting"/>, <c>generate --into-existing</c>).</summary>
    public TargetMode Mode { get; init; } = TargetMode.Create;

    /// <summary>With <see cref="TargetMode.IntoExisting"/>: the tables may already hold rows (<c>--append</c>).</summary>
    public bool Append { get; init; }

    /// <summary>Receives one-line notes while the target is built (a type written as another one); may be null.</summary>
    public IProgress<string>? Progress { get; init; }

    /// <summary>Whether the profile came from <paramref name="engine"/> (its declared types then apply unchanged).</summary>
    public bool IsFrom(string engine) => string.Equals(SourceDialect, engine, StringComparison.OrdinalIgnoreCase);
}
