using System.Text.Json;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Verification;

/// <summary>Writes a <see cref="FidelityReport"/> as JSON with the profile's settings: camelCase, indented, byte-stable.</summary>
public static class FidelityReportSerializer
{
    /// <summary>The report as JSON text ending with a newline.</summary>
    public static string Serialize(FidelityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, ProfileSerializer.Options) + "\n";
    }

    /// <summary>Reads a report written by <see cref="Serialize"/>, its problems rebuilt from its tables and hard checks.</summary>
    public static FidelityReport Deserialize(string json)
    {
        var report = JsonSerializer.Deserialize<FidelityReport>(json, ProfileSerializer.Options)
            ?? throw new JsonException("The fidelity report is null.");
        return report with { Problems = ProblemCollector.Collect(report.HardChecks, report.Tables, report.Thresholds) };
    }
}
