using System.Text.Json;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Sweep;

/// <summary>Writes and reads <see cref="SweepReport"/> JSON with the profile's settings (camelCase, enums as words).</summary>
public static class SweepReportSerializer
{
    /// <summary>The report as JSON text ending with a newline.</summary>
    public static string Serialize(SweepReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, ProfileSerializer.Options) + "\n";
    }

    /// <summary>Reads a report written by <see cref="Serialize"/> (a <c>--baseline</c>).</summary>
    /// <exception cref="DuckfaceException">The text is not a sweep report (exit 2).</exception>
    public static SweepReport Deserialize(string json, string source)
    {
        try
        {
            var report = JsonSerializer.Deserialize<SweepReport>(json, ProfileSerializer.Options);
            if (report is null || report.Points is null || report.Growth is null)
                throw new JsonException("not a sweep report");
            return report;
        }
        catch (JsonException ex)
        {
            throw new DuckfaceException($"{source} is not a sweep report written by 'duckface sweep --json' ({ex.Message}). "
                + "Give the JSON of an earlier sweep.");
        }
    }
}
