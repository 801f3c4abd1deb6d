using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Sweep;

namespace ElasticDuckface.Data.Runs;

/// <summary>What <see cref="SweepRun"/> measures: a command run on databases generated from a profile at several scales.</summary>
public sealed record SweepRequest
{
    /// <summary>The profile to generate from.</summary>
    public required DatabaseProfile Profile { get; init; }

    /// <summary>The profile's file name, for the report.</summary>
    public required string ProfileName { get; init; }

    /// <summary>The server: <c>mysql://user@host:port</c>, <c>postgres://user@host:port</c> (a database in the path is
    /// ignored) or <c>sqlite:FOLDER</c>.</summary>
    public required string Server { get; init; }

    /// <summary>The scales, measured smallest first.</summary>
    public required IReadOnlyList<double> Scales { get; init; }

    /// <summary>Per-table factors (multiplied by each scale), pinned tables, growth and seed; its own scale is ignored.</summary>
    public required ScaleOptions Options { get; init; }

    /// <summary>The command run before the database is filled (e.g. the schema at an older revision), or null.</summary>
    public string? Setup { get; init; }

    /// <summary>Tables of a schema made by <see cref="Setup"/> never filled (<c>--exclude</c>), besides the bookkeeping
    /// tables generate --into-existing always leaves alone.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>The command measured.</summary>
    public required string Run { get; init; }

    /// <summary>Runs per scale, each on a fresh database.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Flush the server's caches before each run (what the engine allows).</summary>
    public bool Cold { get; init; }

    /// <summary>Keep the databases instead of dropping them.</summary>
    public bool Keep { get; init; }

    /// <summary>The scale to predict each measure at, or null.</summary>
    public double? Predict { get; init; }

    /// <summary>The folder for the commands' private folders and logs.</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The limits judged at the end.</summary>
    public SweepThresholds Thresholds { get; init; } = new();
}
