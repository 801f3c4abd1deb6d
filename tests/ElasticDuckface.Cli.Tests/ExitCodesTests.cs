using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Each failure documented in docs/exit-codes.md, run for real: its code, and one line on stderr without a stack trace.</summary>
public sealed class ExitCodesTests
{
    private static string Chinook => Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");

    private static void AssertOneLine(string error, string expected)
    {
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, "more than one line: " + error);
        Assert.StartsWith("duckface: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Options:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format xml", "--format must be one of sql, csv or parquet (got 'xml')")]
    [InlineData("--seed abc", "--seed must be a whole number (got 'abc')")]
    [InlineData("--growth zz", "--growth must be sample or stretch (got 'zz')")]
    [InlineData("--scale 0", "0.001 to 1000")]
    [InlineData("--scale 0.0001", "0.001 to 1000")]
    [InlineData("--scale 1001", "0.001 to 1000")]
    [InlineData("--scale abc", "0.001 to 1000")]
    [InlineData("--no-such-option", "--no-such-option")]
    [InlineData("--shard 4/4", "0-based, so it must be 0 to 3")]
    [InlineData("--shard 2", "--shard must be INDEX/COUNT")]
    public async Task Usage_errors_exit_1_with_one_line_and_a_usage_hint(string options, string expected)
    {
        using var dir = new TempDir();
        string[] args = ["generate", Chinook, "--out", dir.File("o.sql"), .. options.Split(' ')];
        if (!options.StartsWith("--format", StringComparison.Ordinal))
            args = [.. args, "--format", "sql"];
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, expected);
        Assert.Contains("Run 'duckface generate --help' for usage.", error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.False(File.Exists(dir.File("o.sql")));
    }

    [Theory]
    [InlineData("bogus", "'bogus' is not a duckface command: give one of profile, generate, verify, inspect, privacy, sweep or clean.")]
    [InlineData("--bogus", "'--bogus' is not an option of duckface itself: give a command first")]
    [InlineData("", "Give a command: profile, generate")]
    public async Task A_missing_or_misspelt_command_exits_1_naming_the_commands(string args, string expected)
    {
        var (code, output, error) = await CliRunner.RunAsync(args.Length == 0 ? [] : args.Split(' '));
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, expected);
        Assert.DoesNotContain("(and ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task An_unwritable_profile_path_exits_5_before_the_source_is_read()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("profile", CliRunner.ChinookSqlite, "-o", dir.Path);
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "it is a directory. Give a file name with -o");
        (code, _, error) = await CliRunner.RunAsync("profile", CliRunner.ChinookSqlite, "-o", dir.File("missing/p.json"));
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "does not exist. Create it first");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        (code, _, error) = await CliRunner.RunAsync("generate", dir.Path, "--dry-run");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "it is a directory. Give the profile's JSON file");
    }

    [Fact]
    public async Task A_cancelled_read_only_command_says_nothing_changed()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (code, _, error) = await CliRunner.RunAsync(cancelled.Token, "profile", CliRunner.ChinookSqlite, "-q");
        Assert.Equal(ExitCodes.Cancelled, code);
        AssertOneLine(error, "The database was only read, nothing in it changed");
        Assert.DoesNotContain("target", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--epsilon 0", "--epsilon must be a number above 0")]
    [InlineData("--epsilon -1", "--epsilon must be a number above 0")]
    [InlineData("--epsilon abc", "--epsilon must be a number above 0")]
    [InlineData("--epsilon NaN", "--epsilon must be a number above 0")]
    [InlineData("--epsilon Infinity", "--epsilon must be a number above 0")]
    [InlineData("--epsilon 1 --delta 0", "--delta must be between 0 and 1 exclusive")]
    [InlineData("--epsilon 1 --delta 1", "--delta must be between 0 and 1 exclusive")]
    [InlineData("--epsilon 1 --delta x", "--delta must be between 0 and 1 exclusive")]
    [InlineData("--delta 0.001", "--delta goes with --epsilon")]
    [InlineData("--dp-seed 3", "--dp-seed goes with --epsilon")]
    public async Task Bad_differential_privacy_options_exit_1_with_one_line_and_write_nothing(string options, string expected)
    {
        using var dir = new TempDir();
        var (code, output, error) = await CliRunner.RunAsync(["profile", dir.CopyChinook(), "-o", dir.File("p.json"),
            .. options.Split(' ')]);
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, expected);
        Assert.Equal("", output);
        Assert.False(File.Exists(dir.File("p.json")));
    }

    [Fact]
    public async Task Invalid_input_exits_2()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File("bad.json"), "{ \"formatVersion\": 1, ");
        var (code, _, error) = await CliRunner.RunAsync("generate", dir.File("bad.json"), "--target", dir.File("o.db"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "is not valid JSON");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--scale-table", "Nope=2", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "Nope");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", "ftp://host/db", "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "ftp://");

        // a profile with hidden sizes needs an anchor (issue 9)
        (code, _, error) = await CliRunner.RunAsync("profile", dir.CopyChinook(), "--hide-sizes", "-q", "-o", dir.File("hidden.json"));
        Assert.True(code == 0, error);
        (code, _, error) = await CliRunner.RunAsync("generate", dir.File("hidden.json"), "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "--rows TABLE=N");
        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--rows", "Invoce=5", "--target", dir.File("o.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "did you mean 'Invoice'");
        Assert.False(File.Exists(dir.File("o.db")));
    }

    [Fact]
    public async Task A_privacy_file_naming_an_unknown_table_or_column_or_malformed_exits_2_and_a_missing_one_5_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        async Task<(int Code, string Error)> ProfileWith(string text)
        {
            await File.WriteAllTextAsync(dir.File("privacy.json"), text);
            var (code, output, error) = await CliRunner.RunAsync("profile", db, "--privacy", dir.File("privacy.json"),
                "-o", dir.File("p.json"), "-q");
            Assert.Equal("", output);
            Assert.False(File.Exists(dir.File("p.json")));
            return (code, error);
        }

        var (code, error) = await ProfileWith("""{ "tables": { "Genres": "public", "Customer": { "columns": { "Emial": "drop" } } } }""");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error,
            "names unknown table 'Genres' (did you mean 'Genre'?); unknown column 'Customer.Emial' (did you mean 'Email'?)");
        Assert.Contains("privacy.json", error, StringComparison.Ordinal);
        (code, error) = await ProfileWith("""{ "tables": { "Genre": "secret" } }""");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "is 'secret'; use public, confidential, drop or default");
        (code, error) = await ProfileWith("""{ "tables": """);
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "is malformed: it is not JSON");

        var (missing, output, missingError) = await CliRunner.RunAsync("profile", db, "--privacy", dir.File("nope.json"), "-o",
            dir.File("p.json"), "-q");
        Assert.Equal(ExitCodes.OutputError, missing);
        AssertOneLine(missingError, "Cannot read the privacy file");
        Assert.Equal("", output);
        Assert.False(File.Exists(dir.File("p.json")));
    }

    [Theory]
    [InlineData("--hide-sizes --size-noise 0", "--size-noise must be above 0 and at most 1")]
    [InlineData("--hide-sizes --size-noise 1.5", "--size-noise must be above 0 and at most 1")]
    [InlineData("--size-noise 0.2", "--size-noise goes with --hide-sizes")]
    [InlineData("--sample-rows abc", "--sample-rows must be a whole number (got 'abc')")]
    [InlineData("--min-count x", "--min-count must be a whole number (got 'x')")]
    [InlineData("--dependency-threshold high", "--dependency-threshold must be a number (got 'high')")]
    [InlineData("--hide-sizes --size-noise lots", "--size-noise must be a number (got 'lots')")]
    public async Task A_profile_option_out_of_range_not_a_number_or_without_its_companion_is_a_usage_error(string options, string expected)
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync(["profile", dir.CopyChinook(), "-o", dir.File("p.json"), .. options.Split(' ')]);
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, expected);
        Assert.False(File.Exists(dir.File("p.json")));
    }

    [Fact]
    public async Task A_review_file_naming_an_unknown_table_or_column_exits_2_and_a_missing_one_5_and_nothing_is_written()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await File.WriteAllTextAsync(dir.File("fks.txt"), "# reviewed\naccept Track.Nope -> Album.AlbumId\n");
        var (code, output, error) = await CliRunner.RunAsync("profile", db, "--infer-fks", "--fks", dir.File("fks.txt"),
            "-o", dir.File("p.json"));
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error[error.IndexOf("duckface: ", StringComparison.Ordinal)..], "fks.txt line 2: table 'Track' has no column 'Nope'");
        Assert.Equal("", output);
        Assert.False(File.Exists(dir.File("p.json")));

        (code, _, error) = await CliRunner.RunAsync("profile", db, "--fks", dir.File("missing.txt"), "-o", dir.File("p.json"), "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "missing.txt");
        Assert.False(File.Exists(dir.File("p.json")));
    }

    [Fact]
    public async Task Several_databases_not_of_one_server_and_targets_not_matching_the_profile_exit_2()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        var (code, _, error) = await CliRunner.RunAsync("profile", db, db, "-o", dir.File("p.json"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "must be MySQL/MariaDB databases of one server");
        Assert.False(File.Exists(dir.File("p.json")));

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", dir.File("a.db"), "--target", dir.File("b.db"), "-q");
        Assert.Equal(ExitCodes.InvalidInput, code);
        AssertOneLine(error, "This profile covers one database, and 2 targets were given");
        Assert.False(File.Exists(dir.File("a.db")));
    }

    [Fact]
    public async Task Database_errors_exit_3()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("verify", Chinook, "--target", dir.File("missing.db"), "-q");
        Assert.Equal(ExitCodes.DatabaseError, code);
        AssertOneLine(error, "missing.db");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", "mysql://u@127.0.0.1:1/db?connect-timeout=2", "-q");
        Assert.Equal(ExitCodes.DatabaseError, code);
        AssertOneLine(error, "Cannot reach");
    }

    [Fact]
    public async Task Verification_failure_exits_4()
    {
        using var dir = new TempDir();
        Assert.Equal(0, (await CliRunner.RunAsync("generate", Chinook, "--scale", "0.5", "--target", dir.File("half.db"), "-q")).ExitCode);
        var (code, _, _) = await CliRunner.RunAsync("verify", Chinook, "--target", dir.File("half.db"), "--scale", "1", "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);

        // parents below a declared minimum: no Chinook invoice has 100 lines
        var profile = await ProfileSerializer.ReadAsync(Chinook);
        await ProfileSerializer.WriteAsync(profile with
        {
            Tables = [.. profile.Tables.Select(t => t with
            {
                ForeignKeys = [.. t.ForeignKeys.Select(f => t.Name == "InvoiceLine" && f.ReferencedTable == "Invoice"
                    ? f with { MinChildren = 100 } : f)],
            })],
        }, dir.File("min.json"));
        (code, var output, _) = await CliRunner.RunAsync("verify", dir.File("min.json"), "--target", dir.File("half.db"), "-q");
        Assert.Equal(ExitCodes.VerificationFailed, code);
        Assert.Contains("FAILED parents below the declared minimum of 100 children in InvoiceLine.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_errors_and_refused_targets_exit_5()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("generate", dir.File("missing.json"), "--target", dir.File("o.db"));
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "missing.json");
        (code, _, error) = await CliRunner.RunAsync("verify", dir.File("missing.json"), "--target", dir.File("o.db"));
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "missing.json");

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--format", "sql", "--out", dir.File("no/dir/o.sql"), "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "does not exist");

        Assert.Equal(0, (await CliRunner.RunAsync("generate", Chinook, "--scale", "0.1", "--target", dir.File("t.db"), "-q")).ExitCode);
        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--scale", "0.1", "--target", dir.File("t.db"), "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "--replace");
    }

    [Fact]
    public async Task Into_existing_refusals_exit_1_5_and_7_and_leave_the_target_as_it_was()
    {
        using var dir = new TempDir();
        var (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", dir.File("none.db"), "--into-existing", "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "does not exist");
        Assert.False(File.Exists(dir.File("none.db")));

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", dir.File("none.db"), "--into-existing", "--replace");
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, "--replace");

        // an application's table with a NOT NULL column the profile lacks: exit 7, the summary line, then the list
        var target = dir.File("app.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + target))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE Artist (ArtistId INTEGER PRIMARY KEY, Name TEXT, label TEXT NOT NULL); "
                + "CREATE TABLE Genre (GenreId INTEGER PRIMARY KEY, Name TEXT)";
            await command.ExecuteNonQueryAsync();
        }

        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", target, "--into-existing", "-q");
        Assert.Equal(ExitCodes.SchemaMismatch, code);
        var lines = error.Trim().Split('\n');
        Assert.StartsWith("duckface: The schema of sqlite:", lines[0], StringComparison.Ordinal);
        Assert.Equal("  fatal: Artist.label: ", Assert.Single(lines[1..])[..23]);

        (code, _, _) = await CliRunner.RunAsync("generate", Chinook, "--target", target, "--into-existing", "--exclude", "Artist", "-q");
        Assert.Equal(ExitCodes.Success, code);
        (code, _, error) = await CliRunner.RunAsync("generate", Chinook, "--target", target, "--into-existing", "--exclude", "Artist",
            "-q");
        Assert.Equal(ExitCodes.OutputError, code);
        AssertOneLine(error, "already holds 25 rows in 1 of the tables to fill (Genre 25). Pass --append");
    }

    [Fact]
    public async Task Cancelling_exits_130_and_says_what_state_it_left()
    {
        using var dir = new TempDir();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var (code, _, error) = await CliRunner.RunAsync(cancelled.Token, "generate", Chinook, "--target", dir.File("c.db"), "-q");
        Assert.Equal(ExitCodes.Cancelled, code);
        AssertOneLine(error, "left as it was");
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Theory]
    [InlineData("--scales 0", "0.001 to 1000")]
    [InlineData("--scales 0.1,x", "got 'x'")]
    [InlineData("--max-growth cubic", "constant, linear, nlogn or quadratic")]
    [InlineData("--repeat 0", "1 to 100")]
    [InlineData("--max-seconds -1", "above 0")]
    public async Task Sweep_usage_errors_exit_1(string options, string expected)
    {
        using var dir = new TempDir();
        string[] args = ["sweep", Chinook, "--server", "sqlite:" + dir.File("dbs"), "--run", "true", "--work", dir.File("w"),
            .. options.Split(' ')];
        if (!options.StartsWith("--scales", StringComparison.Ordinal))
            args = [.. args, "--scales", "0.1"];
        var (code, _, error) = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, code);
        AssertOneLine(error, expected);
    }

    [Fact]
    public async Task A_sweep_over_its_thresholds_exits_8()
    {
        using var dir = new TempDir();
        var (code, output, error) = await CliRunner.RunAsync("sweep", Chinook, "--server", "sqlite:" + dir.File("dbs"),
            "--scales", "0.05,0.1", "--run", "true", "--work", dir.File("w"), "--max-seconds", "0.000001", "-q");
        Assert.Equal(ExitCodes.SweepThresholdExceeded, code);
        AssertOneLine(error, "exceeded 1 threshold(s): seconds at the largest scale is");
        Assert.Contains("Thresholds EXCEEDED", output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.File("dbs")));
    }

    [Fact]
    public async Task A_sweep_whose_run_fails_exits_9_with_its_output()
    {
        using var dir = new TempDir();
        var (code, output, error) = await CliRunner.RunAsync("sweep", Chinook, "--server", "sqlite:" + dir.File("dbs"),
            "--scales", "0.05", "--run", "echo 'no such revision'; exit 9", "--work", dir.File("w"), "-q");
        Assert.Equal(ExitCodes.SweepCommandFailed, code);
        AssertOneLine(error, "--run failed at ×0.05 (1/1) with exit code 9 (last output: no such revision)");
        Assert.Equal("", output);
        Assert.Empty(Directory.GetFiles(dir.File("dbs")));
    }
}
