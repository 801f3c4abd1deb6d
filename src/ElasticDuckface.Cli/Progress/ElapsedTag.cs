namespace ElasticDuckface.Cli.Progress;

/// <summary>The tag of a live task whose length is unknown (the database scans, or a step over all tables): its elapsed time
/// only.</summary>
internal sealed record ElapsedTag;
