using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// The sample of a table with several foreign keys, taken in the counting pass because its joint fan-outs need the
/// per-key counts that pass holds only briefly; the table's column statistics are then described from the same rows.
/// </summary>
/// <param name="Rows">The sampled rows, normalised.</param>
/// <param name="FanOuts">The joint fan-outs measured on them.</param>
internal sealed record JointSample(List<object?[]> Rows, List<JointForeignKeyProfile> FanOuts);
