using System.CommandLine;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Commands;

/// <summary><c>duckface privacy suggest SOURCE -o FILE</c>: a starting privacy file for <c>profile --privacy</c> (issue 9).</summary>
internal static class PrivacyCommand
{
    public static Command Build()
    {
        var source = new Argument<string[]>("source")
        {
            Description = "The database to classify, as for 'duckface profile' (a SQLite path, mysql://..., postgres://...). "
                + "It is only read.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to write the privacy file (JSON).",
            Required = true,
        };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress on standard error." };
        var suggest = new Command("suggest", "Write a starting privacy file: every table and column with its detected shape and "
            + "why it was classed as it was. Names, e-mails, hosts, IP and MAC addresses, phones, free text and columns whose "
            + "names say personal data (addresses, postal codes, birth dates, ...) are confidential; keys and references stay "
            + "default; small-domain columns and lookup tables are noted as public candidates but stay default (the k rule) "
            + "until you mark them. Review it, then profile with it.")
        {
            source, output, quiet,
        };
        suggest.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(parseResult, async (_, stderr) =>
        {
            var locations = parseResult.GetRequiredValue(source).Select(s => DatabaseLocation.Parse(s)).ToList();
            var progress = new LineProgress(stderr, parseResult.GetValue(quiet));
            var outcome = await ProfileRun.RunAsync(locations, new ProfileSettings(), null, null, progress, cancellationToken)
                .ConfigureAwait(false);
            var file = PrivacySuggestion.Suggest(outcome.Profile);
            var path = parseResult.GetRequiredValue(output).FullName;
            await ReportFile.WriteAsync(path, file.ToJson(), "--output", cancellationToken).ConfigureAwait(false);
            var columns = file.Tables.SelectMany(t => t.Columns).ToList();
            progress.Report($"Wrote {path}: {file.Tables.Count} tables, {columns.Count} columns, "
                + $"{columns.Count(c => c.Privacy == ColumnPrivacy.Confidential)} confidential, "
                + $"{file.Tables.Count(t => t.Why is not null)} lookup tables noted as public candidates.");
            return ExitCodes.Success;
        }));
        return new Command("privacy", "Privacy files for 'duckface profile --privacy FILE' (docs/privacy.md).") { suggest };
    }
}
