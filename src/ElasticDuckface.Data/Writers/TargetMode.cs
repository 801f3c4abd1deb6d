namespace ElasticDuckface.Data.Writers;

/// <summary>What a database writer does with its target.</summary>
public enum TargetMode
{
    /// <summary>Creates the profile's tables (DDL from the profile) in a new or empty target, or replaces them.</summary>
    Create,

    /// <summary>
    /// Inserts into tables the target already has (made by the application's migrations), never creating, dropping or
    /// altering anything, in one transaction where the engine allows it (<c>generate --into-existing</c>, issue 10).
    /// </summary>
    IntoExisting,
}
