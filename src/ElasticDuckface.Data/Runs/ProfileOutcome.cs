using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Runs;

/// <summary>What <c>duckface profile</c> produced.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Inference">The undeclared references found, with their evidence; null when none were looked for.</param>
public sealed record ProfileOutcome(DatabaseProfile Profile, ForeignKeyInferenceResult? Inference);
