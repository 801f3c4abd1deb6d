using ElasticDuckface.Privacy;

namespace ElasticDuckface.Data.Runs;

/// <summary>The noise passes <see cref="ProfileRun"/> runs over a finished profile (issue 9, docs/privacy.md).</summary>
/// <param name="DifferentialPrivacy">The budget of <c>--epsilon</c>; null: no differential privacy.</param>
/// <param name="HideSizes">The noise of <c>--hide-sizes</c>; null: the profile keeps its sizes.</param>
public sealed record ProfilePrivacy(DifferentialPrivacyOptions? DifferentialPrivacy = null, SizeNoise? HideSizes = null);
