using System.Globalization;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Runs;

/// <summary>What <c>duckface profile</c> produced.</summary>
/// <param name="Profile">The profile.</param>
/// <param name="Inference">The undeclared references found, with their evidence; null when none were looked for.</param>
public sealed record ProfileOutcome(DatabaseProfile Profile, ForeignKeyInferenceResult? Inference)
{
    /// <summary>
    /// One line per foreign key whose profiled parents fall below its declared minimum (<see cref="ForeignKeyProfile.MinChildren"/>):
    /// expected of a sample (its children were drawn), a surprise in a full database, so the user is told either way that
    /// generate will not reproduce those parents.
    /// </summary>
    public IEnumerable<string> Notes()
    {
        foreach (var table in Profile.Tables)
        {
            foreach (var fk in table.ForeignKeys.Where(f => f.MinChildren > 0 && f.Stats is not null))
            {
                var below = fk.Stats!.Histogram.Where(b => b.Children < fk.MinChildren).ToList();
                if (below.Count == 0)
                    continue;
                var parents = fk.Stats.Histogram.Sum(b => b.Parents);
                var count = parents > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{below.Sum(b => b.Parents)} of {parents} rows")
                    : string.Create(CultureInfo.InvariantCulture, $"{below.Sum(b => b.Share ?? 0):P1} of the rows");
                yield return $"note: {count} of '{fk.ReferencedTable}' have fewer than {fk.MinChildren} "
                    + $"{table.Name}.{string.Join(",", fk.Columns)} here; generate gives each at least {fk.MinChildren}, as declared "
                    + "(minChildren)";
            }
        }
    }
}
