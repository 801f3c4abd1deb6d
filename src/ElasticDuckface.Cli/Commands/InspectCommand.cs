using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface inspect PROFILE [--json] [--fail-if-reveals sizes,values]</c>: what a profile reveals (issue 9).</summary>
internal static class InspectCommand
{
    private static readonly string[] Kinds = ["sizes", "values"];

    public static Command Build()
    {
        var profileArg = new Argument<FileInfo>("profile") { Description = "The profile JSON to review before it is published." };
        var json = new Option<bool>("--json") { Description = "Write the listing as JSON on standard output, for machines." };
        var failIf = new Option<string[]>("--fail-if-reveals")
        {
            Description = "Exit 6 when the profile reveals any of these: sizes (row counts and size-like numbers), "
                + "values (verbatim values). Comma-separated or repeated.",
            AllowMultipleArgumentsPerToken = true,
        };
        failIf.Validators.Add(r =>
        {
            foreach (var kind in Split(r.GetValueOrDefault<string[]>() ?? []).Where(k => !Kinds.Contains(k)))
                r.AddError($"--fail-if-reveals: unknown '{kind}'; use sizes, values or both.");
        });

        var command = new Command("inspect", "Show what a profile reveals: every verbatim value with table, column and share, "
            + "every size or size-like number, the privacy settings and the columns marked public. See docs/privacy.md.")
        {
            profileArg, json, failIf,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (stdout, stderr) =>
        {
            var path = parseResult.GetRequiredValue(profileArg).FullName;
            var profile = await ProfileSerializer.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            var disclosure = ProfileDisclosure.Of(profile);
            if (parseResult.GetValue(json))
                await stdout.WriteLineAsync(JsonSerializer.Serialize(disclosure, ProfileSerializer.Options)).ConfigureAwait(false);
            else
                await WriteTextAsync(stdout, disclosure).ConfigureAwait(false);

            var refused = Split(parseResult.GetValue(failIf) ?? []).ToHashSet(StringComparer.Ordinal);
            var revealed = new List<string>();
            if (refused.Contains("sizes") && disclosure.Sizes.Count > 0)
                revealed.Add(string.Create(CultureInfo.InvariantCulture, $"{disclosure.Sizes.Count} sizes"));
            if (refused.Contains("values") && disclosure.Values.Count > 0)
                revealed.Add(string.Create(CultureInfo.InvariantCulture, $"{disclosure.Values.Count} verbatim values"));
            if (revealed.Count == 0)
                return ExitCodes.Success;
            await stderr.WriteLineAsync($"duckface: {path} reveals {string.Join(" and ", revealed)}; "
                + "profile again with stricter settings (see docs/privacy.md) before publishing it.").ConfigureAwait(false);
            return ExitCodes.ProfileReveals;
        }));
        return command;
    }

    private static IEnumerable<string> Split(IEnumerable<string> tokens) =>
        tokens.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(t => t.ToLowerInvariant());

    private static async Task WriteTextAsync(TextWriter w, ProfileDisclosure d)
    {
        var inv = CultureInfo.InvariantCulture;
        var quantiles = d.QuantilesProtected ? "respect k" : "exact (end at real minima and maxima)";
        var sizes = d.HideSizes ? $"sizes hidden (relative, lognormal noise σ {d.SizeNoise:0.###})" : "sizes visible";
        var dp = d.DifferentialPrivacy is { } p
            ? string.Create(inv, $"differential privacy ε {p.Epsilon}{(p.Delta is { } delta ? $", δ {delta}" : "")} ({p.Mechanism})")
            : "no differential privacy";
        var header = string.Create(inv,
            $"Profile format {d.FormatVersion}: minCount (k) {d.MinCount}, quantiles {quantiles}, {sizes}, {dp}");
        await w.WriteLineAsync(header).ConfigureAwait(false);
        await w.WriteLineAsync("Columns marked public: " + (d.PublicColumns.Count == 0 ? "none" : string.Join(", ", d.PublicColumns)))
            .ConfigureAwait(false);
        await w.WriteLineAsync(string.Create(inv, $"Verbatim values ({d.Values.Count}):")).ConfigureAwait(false);
        foreach (var v in d.Values)
        {
            var where = v.Where == "stats" ? "" : " [" + v.Where + "]";
            var value = JsonSerializer.Serialize(v.Value, ProfileSerializer.Options);
            var line = string.Create(inv, $"  {v.Table}.{v.Column}{where}  {value}  share {v.Share:0.####}");
            await w.WriteLineAsync(line).ConfigureAwait(false);
        }

        await w.WriteLineAsync(string.Create(inv, $"Sizes ({d.Sizes.Count}):")).ConfigureAwait(false);
        foreach (var s in d.Sizes)
        {
            var part = s.Part is null ? "" : "." + s.Part;
            await w.WriteLineAsync(string.Create(inv, $"  {s.Table}{part}  {s.Name} {s.Value}")).ConfigureAwait(false);
        }
    }
}
