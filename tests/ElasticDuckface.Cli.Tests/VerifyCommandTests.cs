using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

public sealed partial class VerifyCommandTests
{
    private static async Task<string> ProfileChinookAsync(TempDir dir, params string[] options)
    {
        var db = File.Exists(dir.File("chinook.db")) ? dir.File("chinook.db") : dir.CopyChinook();
        var (code, _, error) = await CliRunner.RunAsync(["profile", db, "-q", "-o", dir.File("chinook.json"), .. options]);
        Assert.True(code == 0, error);
        return dir.File("chinook.json");
    }

    private static async Task<FidelityReport> ReadReportAsync(string path) =>
        FidelityReportSerializer.Deserialize(await File.ReadAllTextAsync(path));

    private static async Task<ColumnFidelity> TrackColumnAsync(string report, string column) =>
        (await ReadReportAsync(report)).Tables.Single(t => t.Name == "Track").Columns.Single(c => c.Name == column);

    /// <summary>A copy of Chinook with its profile, broken by <paramref name="sql"/> (run with foreign keys off).</summary>
    private static async Task<(string Profile, string Target)> BrokenChinookAsync(TempDir dir, params string[] sql)
    {
        var profile = await ProfileChinookAsync(dir);
        var target = dir.File("broken.db");
        File.Copy(dir.File("chinook.db"), target);
        await using var c = new SqliteConnection($"Data Source={target};Foreign Keys=False");
        await c.OpenAsync();
        foreach (var s in sql)
            await c.ExecuteAsync(s);
        return (profile, target);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_generated_Chinook_verifies_clean_at_its_scale(double scale)
    {
        using var dir = new TempDir();
        var profile = await ProfileChinookAsync(dir);
        var x = scale.ToString(CultureInfo.InvariantCulture);
        var target = dir.File("out.db");
        var generated = await CliRunner.RunAsync("generate", profile, "--scale", x, "--target", target, "-q");
        Assert.True(generated.ExitCode == 0, generated.Error);

        var (code, output, error) = await CliRunner.RunAsync("verify", profile, "--target", "sqlite:" + target, "--scale", x, "--json",
            dir.File("f.json"), "-q");
        Assert.True(code == 0, output + error);
        Assert.Equal("", error);
        Assert.StartsWith("Verification FAITHFUL", output, StringComparison.Ordinal);
        var report = await ReadReportAsync(dir.File("f.json"));
        Assert.Equal(0, report.HardChecksFailed);
        Assert.True(report.HardChecksPassed > 50);
        Assert.Equal(11, report.HardChecks.Count(h => h.Kind == HardCheckKind.RowCount));
        Assert.True(report.Scaled);
        if (scale >= 1)
        {
            // parent and child keep one factor: the fan-outs come back within the KS threshold and with the right mean
            Assert.All(report.Tables.SelectMany(t => t.ForeignKeys), f => Assert.True(f.Status == MetricStatus.Ok, $"{f.Name}: {f.Note}"));
            // and the joint fan-out correlations (Track's strongest, Genre × MediaType r = 0.288, included) come back too
            Assert.Equal(5, report.Tables.SelectMany(t => t.JointForeignKeys).Count());
            Assert.All(report.Tables.SelectMany(t => t.JointForeignKeys), j => Assert.Equal(MetricStatus.Ok, j.Status));
        }
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(1)]
    [InlineData(10)]
    public async Task A_generated_Nova_example_verifies_clean_at_its_scale(double scale)
    {
        using var dir = new TempDir();
        var profile = SuiteProfiles.Profile(SuiteProfiles.NovaSynthetic);
        var x = scale.ToString(CultureInfo.InvariantCulture);
        var target = dir.File("nova.db");
        var generated = await CliRunner.RunAsync("generate", profile, "--scale", x, "--target", target, "-q");
        Assert.True(generated.ExitCode == 0, generated.Error);

        var (code, output, error) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", x, "--json",
            dir.File("f.json"), "-q");
        Assert.True(code == 0, output + error);
        var report = await ReadReportAsync(dir.File("f.json"));
        Assert.Equal(0, report.HardChecksFailed);
        Assert.Equal(29, report.HardChecks.Count(h => h.Kind == HardCheckKind.RowCount));
        if (scale >= 1)
            Assert.All(report.Tables.SelectMany(t => t.ForeignKeys), f => Assert.True(f.Status == MetricStatus.Ok, $"{f.Name}: {f.Note}"));
    }

    [Fact]
    public async Task A_generated_Chinook_with_lorem_invoice_dates_fails_by_default_and_names_that_column_first()
    {
        using var dir = new TempDir();
        var profile = await ProfileChinookAsync(dir);
        var target = dir.File("out.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profile, "--scale", "1", "--target", target, "-q")).ExitCode);
        var faithful = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q");
        Assert.True(faithful.ExitCode == 0, faithful.Output + faithful.Error);
        Assert.StartsWith("Verification FAITHFUL", faithful.Output, StringComparison.Ordinal);

        await using (var c = new SqliteConnection($"Data Source={target};Pooling=False"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync(
                "UPDATE Invoice SET InvoiceDate = "
                + "substr('lorem ipsum dolor sit amet consectetur adipiscing elit', 1 + InvoiceId % 20, 12 + InvoiceId % 9)");
        }

        var (code, output, error) = await CliRunner.RunAsync(
            "verify", profile, "--target", target, "--scale", "1", "-q", "--json", dir.File("f.json"), "--report", dir.File("f.html"));
        Assert.True(code == ExitCodes.VerificationFailed, output + error);
        var lines = output.Split('\n');
        Assert.StartsWith("Verification FAILED (", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Worst: FAILED column Invoice.InvoiceDate: values no longer parse as profiled (text measured, datetime profiled)",
            lines[1], StringComparison.Ordinal);
        var firstProblem = lines.SkipWhile(l => l != "Problems:").Skip(1).First();
        Assert.StartsWith("  FAILED column Invoice.InvoiceDate", firstProblem, StringComparison.Ordinal);
        var report = await ReadReportAsync(dir.File("f.json"));
        Assert.Equal(Verdict.Failed, report.Verdict);
        var first = report.Problems[0];
        Assert.Equal(
            (FidelityCheck.ColumnValues, "Invoice", "InvoiceDate", 1.0), (first.Check, first.Table, first.Subject, first.Measured));
        Assert.True(report.Tables.Single(t => t.Name == "Invoice").Columns.Single(c => c.Name == "InvoiceDate").ValuesUnusable);
        var html = await File.ReadAllTextAsync(dir.File("f.html"));
        Assert.Contains("Verdict: <b>Not faithful: ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("FaithfulWithWarnings", html, StringComparison.Ordinal);

        // a looser hard limit does not rescue unusable values
        var loose = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q", "--max-distance-fail", "1.5");
        Assert.Equal(ExitCodes.VerificationFailed, loose.ExitCode);
    }

    [Fact]
    public async Task A_distance_at_the_hard_limit_fails_without_strict_and_a_raised_limit_makes_it_a_warning()
    {
        using var dir = new TempDir();
        // every track 1 ms long: Milliseconds' KS against the profile is about 1
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE Track SET Milliseconds = 1");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("Worst: FAILED column Track.Milliseconds", output, StringComparison.Ordinal);

        var raised = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q", "--max-distance-fail", "1.01");
        Assert.True(raised.ExitCode == 0, raised.Output);
        Assert.StartsWith("Verification FAITHFUL, with ", raised.Output, StringComparison.Ordinal);
        Assert.Contains("warning column Track.Milliseconds", raised.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chinook_verified_against_its_own_profile_scores_one()
    {
        using var dir = new TempDir();
        // k = 1: every statistic exact (fan-out bins included), so the source is exactly what its profile says
        var profile = await ProfileChinookAsync(dir, "--min-count", "1");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", dir.File("chinook.db"), "--scale", "1", "--strict",
            "-q");
        Assert.Equal(0, code);
        Assert.StartsWith("Verification FAITHFUL: score 1.000", output, StringComparison.Ordinal);

        // the default k merges fan-out bins of fewer than k parents (issue 9): the source then differs from its profile by
        // that coarsening, and is still faithful to it
        profile = await ProfileChinookAsync(dir);
        (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", dir.File("chinook.db"), "--scale", "1", "-q");
        Assert.True(code == 0, output);
        Assert.StartsWith("Verification FAITHFUL", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_orphan_is_caught_by_the_orphan_check()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE InvoiceLine SET InvoiceId = 99999 WHERE InvoiceLineId = 7");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q", "--json",
            dir.File("f.json"));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED orphans in InvoiceLine.FK_InvoiceLine_InvoiceId: 1 child rows without a parent", output,
            StringComparison.Ordinal);
        var report = await ReadReportAsync(dir.File("f.json"));
        var failed = Assert.Single(report.HardChecks, h => !h.Passed);
        Assert.Equal(HardCheckKind.Orphans, failed.Kind);
    }

    [Fact]
    public async Task An_invoice_without_lines_fails_a_declared_minimum_of_one_line_with_exit_4()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir, "DELETE FROM InvoiceLine WHERE InvoiceId = 1");
        var read = await ProfileSerializer.ReadAsync(profile);
        var declared = read with
        {
            Tables = [.. read.Tables.Select(t => t.Name != "InvoiceLine" ? t : t with
            {
                ForeignKeys = [.. t.ForeignKeys.Select(f => f.ReferencedTable == "Invoice" ? f with { MinChildren = 1 } : f)],
            })],
        };
        await ProfileSerializer.WriteAsync(declared, dir.File("min.json"));

        // the source itself meets the minimum: every Chinook invoice has a line
        var (code, output, _) = await CliRunner.RunAsync("verify", dir.File("min.json"), "--target", dir.File("chinook.db"), "-q");
        Assert.True(code == 0, output);
        (code, output, _) = await CliRunner.RunAsync("verify", dir.File("min.json"), "--target", target, "-q", "--json",
            dir.File("f.json"), "--report", dir.File("f.html"));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        const string Problem = "FAILED parents below the declared minimum of 1 child in InvoiceLine.FK_InvoiceLine_InvoiceId: "
            + "1 parent rows have none (InvoiceLine.InvoiceId → Invoice)";
        Assert.Contains(Problem, output, StringComparison.Ordinal);
        Assert.Contains(Problem, await File.ReadAllTextAsync(dir.File("f.html")), StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(dir.File("f.json"));
        Assert.Contains("\"kind\": \"belowMinimum\"", json, StringComparison.Ordinal);
        var failed = Assert.Single((await ReadReportAsync(dir.File("f.json"))).HardChecks, h => !h.Passed);
        Assert.Equal((HardCheckKind.BelowMinimum, "InvoiceLine", 1L, (int?)1), (failed.Kind, failed.Table, failed.Found, failed.Minimum));

        // the same target against the profile without the minimum: no such check, and the deleted lines break nothing hard
        (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "-q", "--json", dir.File("plain.json"));
        Assert.True(code == 0, output);
        Assert.DoesNotContain((await ReadReportAsync(dir.File("plain.json"))).HardChecks, h => h.Kind == HardCheckKind.BelowMinimum);
    }

    [Fact]
    public async Task A_duplicate_key_is_caught_by_the_duplicate_key_check()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir,
            // rebuild the table without its primary key, then give one row another row's key
            "CREATE TABLE PlaylistTrack2 AS SELECT * FROM PlaylistTrack",
            "DROP TABLE PlaylistTrack",
            "ALTER TABLE PlaylistTrack2 RENAME TO PlaylistTrack",
            "UPDATE PlaylistTrack SET PlaylistId = 1, TrackId = 3402 WHERE rowid = (SELECT MIN(rowid) FROM PlaylistTrack WHERE NOT (PlaylistId = 1 AND TrackId = 3402))");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED duplicate key PlaylistTrack.PRIMARY(PlaylistId, TrackId): 1 rows repeat a key value", output,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_percent_of_rows_deleted_fails_the_row_count_check()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir, "DELETE FROM InvoiceLine WHERE InvoiceLineId % 10 = 0");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED row count of InvoiceLine: 2,016, planned 2,240", output, StringComparison.Ordinal);

        // without a scale option only shapes are compared: the count is not checked
        var shapes = await CliRunner.RunAsync("verify", profile, "--target", target, "-q");
        Assert.Equal(0, shapes.ExitCode);
        Assert.Contains("shapes only", shapes.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_table_and_a_NULL_in_a_NOT_NULL_column_are_hard_failures()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir,
            "DROP TABLE PlaylistTrack",
            "CREATE TABLE Genre2 (GenreId INTEGER, Name NVARCHAR(120))",
            "INSERT INTO Genre2 SELECT * FROM Genre",
            "DROP TABLE Genre",
            "ALTER TABLE Genre2 RENAME TO Genre",
            "UPDATE Genre SET GenreId = NULL WHERE GenreId = 25");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED table PlaylistTrack is missing from the target", output, StringComparison.Ordinal);
        Assert.Contains("FAILED NULLs in NOT NULL column Genre.GenreId: 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_set_to_one_value_warns_and_fails_under_strict()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE Track SET Milliseconds = 1");
        // KS 1 is broken by default (exit 4); under a raised hard limit it is a warning
        var lenient = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q", "--max-distance-fail", "1.01");
        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("warning column Track.Milliseconds: ks 1.000 > 0.100", lenient.Output, StringComparison.Ordinal);

        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "--strict", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED column Track.Milliseconds: ks 1.000 > 0.100", output, StringComparison.Ordinal);
        Assert.Contains("hard checks 63 passed, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_categorical_column_set_to_a_value_the_profile_never_saw_fails_at_distance_one()
    {
        using var dir = new TempDir();
        // UnitPrice is 0.99 or 1.99 in every profiled row: 999 is no value of the profile at all
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE Track SET UnitPrice = 999");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q", "--json",
            dir.File("v.json"));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED column Track.UnitPrice: totalVariation 1.000 > 0.100", output, StringComparison.Ordinal);
        var column = await TrackColumnAsync(dir.File("v.json"), "UnitPrice");
        Assert.Equal((ColumnMetric.TotalVariation, 1.0, MetricStatus.Failed), (column.Metric, column.Distance, column.Status));
    }

    [Fact]
    public async Task A_column_wiped_to_NULL_fails_at_distance_one_and_a_column_NULL_on_both_sides_is_fine()
    {
        using var dir = new TempDir();
        // Composer is NULL in about 28% of the profiled tracks and in all of the target's
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE Track SET Composer = NULL");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "-q", "--json",
            dir.File("v.json"));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED column Track.Composer: no values left, NULL fraction 1.000 vs 0.279", output, StringComparison.Ordinal);
        var column = await TrackColumnAsync(dir.File("v.json"), "Composer");
        // the threshold is sized by the target's 3,503 rows (1.36/√3503 < 0.1), not by its 0 values (1.36/√1)
        Assert.Equal((1.0, 0.1, MetricStatus.Failed), (column.Distance, column.Threshold, column.Status));

        // the same column profiled all NULL is what the target has: nothing to report
        var (profiled, _, error) = await CliRunner.RunAsync("profile", target, "-q", "-o", dir.File("wiped.json"));
        Assert.True(profiled == 0, error);
        (code, output, _) = await CliRunner.RunAsync("verify", dir.File("wiped.json"), "--target", target, "--scale", "1", "-q", "--json",
            dir.File("w.json"));
        Assert.True(code == 0, output);
        column = await TrackColumnAsync(dir.File("w.json"), "Composer");
        Assert.Equal((0.0, MetricStatus.Ok), (column.Distance, column.Status));
    }

    [Fact]
    public async Task A_fan_out_flattened_to_uniform_fails_the_fan_out_ks_under_strict()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE InvoiceLine SET InvoiceId = (InvoiceLineId % 412) + 1");
        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "--strict", "-q", "--json",
            dir.File("f.json"));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Matches(@"FAILED fan-out InvoiceLine\.FK_InvoiceLine_InvoiceId → Invoice: KS 0\.\d+ > 0\.05\d", output);
        var report = await ReadReportAsync(dir.File("f.json"));
        var fk = report.Tables.Single(t => t.Name == "InvoiceLine").ForeignKeys.Single(f => f.ReferencedTable == "Invoice");
        Assert.True(fk.Ks > 0.5, $"KS {fk.Ks}");
        Assert.Equal(1, fk.MeanRatio, 6);   // same number of children: only the shape changed
        Assert.Equal(0, report.HardChecksFailed);
    }

    [Fact]
    public async Task Json_report_is_byte_stable_and_parseable()
    {
        using var dir = new TempDir();
        var profile = await ProfileChinookAsync(dir);
        var target = dir.File("out.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profile, "--scale", "2", "--target", target, "-q")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "2", "--json", dir.File("a.json"),
            "-q")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "2", "--json", dir.File("b.json"),
            "-q")).ExitCode);
        var a = await File.ReadAllBytesAsync(dir.File("a.json"));
        Assert.Equal(a, await File.ReadAllBytesAsync(dir.File("b.json")));

        using var doc = JsonDocument.Parse(a);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal("faithfulWithWarnings", root.GetProperty("verdict").GetString());
        var names = root.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(11, names.Count);
        // joint foreign keys are measured now: in the tables, not in "notMeasured"
        Assert.DoesNotContain(root.GetProperty("notMeasured").EnumerateArray(),
            n => n.GetProperty("name").GetString() == "jointForeignKeys");
        var joint = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "PlaylistTrack").GetProperty("jointForeignKeys")[0];
        Assert.Equal(-0.26205, joint.GetProperty("fanOutCorrelation").GetProperty("profile").GetDouble(), 5);
        Assert.Equal(JsonValueKind.Number, joint.GetProperty("fanOutCorrelation").GetProperty("target").ValueKind);
        Assert.Equal(0.2, root.GetProperty("thresholds").GetProperty("maxJointCorrelationDiff").GetDouble());
    }

    [Fact]
    public async Task A_target_whose_biggest_playlists_hold_the_most_popular_tracks_differs_more_than_the_generated_database()
    {
        using var dir = new TempDir();
        // playlists 1-6 share tracks 1-1000 (size 1000, each track in 6 playlists); 7-18 hold 10 tracks of their own each
        var (profile, correlated) = await BrokenChinookAsync(dir,
            "DELETE FROM PlaylistTrack",
            "INSERT INTO PlaylistTrack SELECT p.PlaylistId, t.TrackId FROM Playlist p JOIN Track t WHERE p.PlaylistId <= 6 AND t.TrackId <= 1000",
            "INSERT INTO PlaylistTrack SELECT p.PlaylistId, t.TrackId FROM Playlist p JOIN Track t WHERE p.PlaylistId > 6 AND t.TrackId > 1000 + (p.PlaylistId - 7) * 10 AND t.TrackId <= 1000 + (p.PlaylistId - 6) * 10");
        var generated = dir.File("gen.db");
        Assert.Equal(0, (await CliRunner.RunAsync("generate", profile, "--scale", "1", "--target", generated, "-q")).ExitCode);

        var (code, output, _) = await CliRunner.RunAsync("verify", profile, "--target", correlated, "--strict", "-q", "--json",
            dir.File("c.json"));
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED joint fan-out PlaylistTrack.(FK_PlaylistTrack_PlaylistId, FK_PlaylistTrack_TrackId): fan-out correlation 1.000 vs -0.262 (difference 1.262 > 0.200)", output, StringComparison.Ordinal);
        Assert.Matches(@"PlaylistTrack +FK_PlaylistTrack_PlaylistId × FK_PlaylistTrack_TrackId +-0\.262 / +1\.000 +difference 1\.262 +FAILED", output);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", profile, "--target", generated, "--scale", "1", "-q", "--json",
            dir.File("g.json"))).ExitCode);

        static JointForeignKeyFidelity PlaylistTrack(FidelityReport r) => r.Tables.Single(t => t.Name == "PlaylistTrack").JointForeignKeys.Single();
        var fromCorrelated = PlaylistTrack(await ReadReportAsync(dir.File("c.json")));
        var fromGenerated = PlaylistTrack(await ReadReportAsync(dir.File("g.json")));
        Assert.Equal(-0.262050076059, fromCorrelated.FanOutCorrelation.Profile);
        Assert.Equal(1, fromCorrelated.FanOutCorrelation.Target, 9);
        Assert.Equal(fromCorrelated.FanOutCorrelation.Profile, fromGenerated.FanOutCorrelation.Profile);
        Assert.True(fromCorrelated.Difference > fromGenerated.Difference + 0.5,
            $"correlated {fromCorrelated.Difference}, generated {fromGenerated.Difference}");
        // the difference of 1.262 counts as 1 towards the score, which stays in [0, 1]
        var score = (await ReadReportAsync(dir.File("c.json"))).Tables.Single(t => t.Name == "PlaylistTrack").Score;
        Assert.Equal(0, score);
    }

    [Fact]
    public async Task Html_report_is_one_self_contained_file_with_embedded_plots()
    {
        using var dir = new TempDir();
        var (profile, target) = await BrokenChinookAsync(dir, "UPDATE Track SET Milliseconds = 1");
        var (code, _, error) = await CliRunner.RunAsync("verify", profile, "--target", target, "--scale", "1", "--report",
            dir.File("r.html"));
        Assert.True(code == ExitCodes.VerificationFailed, error); // Milliseconds' KS 1 is broken: the report is still written
        Assert.Contains("Drawing the report...", error, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(dir.File("r.html"));
        Assert.DoesNotMatch(RemoteReference(), html);
        var images = EmbeddedSvg().Matches(html);
        // 11 fan-outs + the compared columns, inline SVG: each a well-formed XML document with drawn data
        Assert.True(images.Count >= 30, $"{images.Count} images");
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        foreach (var m in images.Cast<Match>())
        {
            var svg = System.Xml.Linq.XDocument.Parse(m.Value);
            Assert.Equal("svg", svg.Root!.Name.LocalName);
            Assert.True(svg.Descendants().Count(e => e.Name.LocalName is "path" or "circle" or "rect") > 3, m.Value[..200]);
        }

        Assert.Equal(images.Count, images.Cast<Match>().Select(m => Regex.Match(m.Value,
            "clipPath id=\"([^\"]+)\"").Groups[1].Value).Distinct().Count());
        Assert.Contains("Track.Milliseconds", html, StringComparison.Ordinal);
        Assert.Contains("<th>joint foreign keys</th>", html, StringComparison.Ordinal);
        Assert.Contains("FK_PlaylistTrack_PlaylistId × FK_PlaylistTrack_TrackId", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_profile_is_exit_2_and_unreadable_target_is_exit_3()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("bad.json"), "{\"formatVersion\": 1");
        var bad = await CliRunner.RunAsync("verify", dir.File("bad.json"), "--target", dir.File("none.db"));
        Assert.Equal(ExitCodes.InvalidInput, bad.ExitCode);
        Assert.StartsWith("duckface: ", bad.Error, StringComparison.Ordinal);

        var profile = await ProfileChinookAsync(dir);
        var missing = await CliRunner.RunAsync("verify", profile, "--target", dir.File("none.db"), "-q");
        Assert.Equal(ExitCodes.DatabaseError, missing.ExitCode);
        Assert.False(File.Exists(dir.File("none.db")));

        var unknown = await CliRunner.RunAsync("verify", profile, "--target", dir.File("chinook.db"), "--scale-table", "Nope=2", "-q");
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
    }

    [Fact]
    public async Task Verify_never_writes_to_the_target()
    {
        using var dir = new TempDir();
        var profile = await ProfileChinookAsync(dir);
        var before = await File.ReadAllBytesAsync(dir.File("chinook.db"));
        var stamp = File.GetLastWriteTimeUtc(dir.File("chinook.db"));
        Assert.Equal(0, (await CliRunner.RunAsync("verify", profile, "--target", dir.File("chinook.db"), "-q")).ExitCode);
        Assert.Equal(before, await File.ReadAllBytesAsync(dir.File("chinook.db")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(dir.File("chinook.db")));
    }

    [GeneratedRegex(@"(src|href)\s*=\s*[""']?\s*https?://", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteReference();

    [GeneratedRegex(@"<svg .*?</svg>", RegexOptions.Singleline)]
    private static partial Regex EmbeddedSvg();

    [Fact]
    public async Task Two_targets_for_a_profile_of_one_database_are_refused_in_one_line()
    {
        using var dir = new TempDir();
        var profile = await ProfileChinookAsync(dir);
        var (code, _, error) = await CliRunner.RunAsync("verify", profile, "--target", dir.File("chinook.db"), "--target",
            dir.File("other.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("duckface: This profile covers one database: give one --target, not 2.", error.Trim());
    }

    [Fact]
    public async Task A_profile_of_two_databases_given_sqlite_targets_is_refused_in_one_line_before_anything_is_read()
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "nova-with-api.json");
        var (code, _, error) = await CliRunner.RunAsync("verify", profile, "--target", dir.File("nova.db"), "--target",
            "nova_api=" + dir.File("api.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("duckface: Verifying a profile of several databases needs them as databases of one MySQL/MariaDB server",
            error.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("nova.db")));
    }
}
