using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Cli.Tests;

/// <summary>A declared minimum fan-out end to end: a review file's min line, generate, verify (issue 14).</summary>
public sealed class MinChildrenCommandTests
{
    private static async Task<long> ChildlessInvoicesAsync(string db)
    {
        await using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Invoice i "
            + "WHERE NOT EXISTS (SELECT 1 FROM InvoiceLine l WHERE l.InvoiceId = i.InvoiceId)";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Shrinking_the_lines_alone_leaves_no_invoice_without_a_line_once_the_minimum_is_declared()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await File.WriteAllTextAsync(dir.File("min.txt"), "min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId\n");
        Assert.Equal(0, (await CliRunner.RunAsync("profile", db, "-o", dir.File("plain.json"), "-q")).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("profile", db, "--fks", dir.File("min.txt"), "-o", dir.File("min.json"), "-q"))
            .ExitCode);

        // 2,240 lines ×0.3 = 672 over 412 invoices: thinned as a sample, many invoices lose every line
        string[] scale = ["--scale-table", "InvoiceLine=0.3", "--seed", "3", "-q"];
        Assert.Equal(0, (await CliRunner.RunAsync(["generate", dir.File("plain.json"), "--target", dir.File("plain.db"), .. scale]))
            .ExitCode);
        var (code, _, error) = await CliRunner.RunAsync(["generate", dir.File("min.json"), "--target", dir.File("min.db"), .. scale]);
        Assert.True(code == 0, error);
        Assert.True(await ChildlessInvoicesAsync(dir.File("plain.db")) > 50);
        Assert.Equal(0, await ChildlessInvoicesAsync(dir.File("min.db")));

        var (dry, described, _) = await CliRunner.RunAsync(["generate", dir.File("min.json"), "--dry-run", .. scale]);
        Assert.Equal(0, dry);
        Assert.Contains("Declared minimum: InvoiceLine.FK_InvoiceLine_InvoiceId → Invoice: every parent gets at least 1 child",
            described, StringComparison.Ordinal);

        // the generated database meets the declaration; the one generated without it does not, and verify says so
        string[] plan = ["--scale-table", "InvoiceLine=0.3", "--seed", "3"];
        var (passed, report, _) = await CliRunner.RunAsync(["verify", dir.File("min.json"), "--target", dir.File("min.db"), .. plan]);
        Assert.True(passed == 0, report);
        var (failed, output, _) = await CliRunner.RunAsync(["verify", dir.File("min.json"), "--target", dir.File("plain.db"), .. plan]);
        Assert.Equal(4, failed);
        Assert.Contains("below the declared minimum", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fewer_lines_than_invoices_are_refused_before_anything_is_written()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await File.WriteAllTextAsync(dir.File("min.txt"), "min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId\n");
        Assert.Equal(0, (await CliRunner.RunAsync("profile", db, "--fks", dir.File("min.txt"), "-o", dir.File("min.json"), "-q"))
            .ExitCode);
        var (code, _, error) = await CliRunner.RunAsync("generate", dir.File("min.json"), "--target", dir.File("x.db"),
            "--scale-table", "InvoiceLine=0.1", "-q");
        Assert.Equal(2, code);
        Assert.Contains("declares at least 1 per row of 'Invoice' (minChildren)", error, StringComparison.Ordinal);
        Assert.Contains("raise the factor of 'InvoiceLine'", error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("x.db")));
    }
    [Fact]
    public async Task Profiling_parents_below_the_declared_minimum_says_so_in_one_line_and_still_writes_the_profile()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        await using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            await c.OpenAsync();
            await using var command = c.CreateCommand();
            // 12 invoices: a bin of at least k = 10 parents, which the profile keeps as it is
            command.CommandText = "DELETE FROM InvoiceLine WHERE InvoiceId <= 12";
            await command.ExecuteNonQueryAsync();
        }

        await File.WriteAllTextAsync(dir.File("min.txt"), "min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId\n");
        var (code, _, error) = await CliRunner.RunAsync("profile", db, "--fks", dir.File("min.txt"), "-o", dir.File("min.json"), "-q");
        Assert.Equal(0, code);
        Assert.Contains("note: 12 of 412 rows of 'Invoice' have fewer than 1 InvoiceLine.InvoiceId here; generate gives each at least 1",
            error, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("min.json")));
    }
    [Fact]
    public async Task A_minimum_declared_when_generating_holds_without_a_new_profile_and_verify_checks_it_the_same_way()
    {
        using var dir = new TempDir();
        var db = dir.CopyChinook();
        Assert.Equal(0, (await CliRunner.RunAsync("profile", db, "-o", dir.File("p.json"), "-q")).ExitCode);
        string[] scale = ["--scale-table", "InvoiceLine=0.3", "--seed", "3"];
        string[] declared = [.. scale, "--min-children", "InvoiceLine.InvoiceId=1"];
        Assert.Equal(0, (await CliRunner.RunAsync(["generate", dir.File("p.json"), "--target", dir.File("min.db"), "-q", .. declared]))
            .ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(["generate", dir.File("p.json"), "--target", dir.File("plain.db"), "-q", .. scale]))
            .ExitCode);
        Assert.Equal(0, await ChildlessInvoicesAsync(dir.File("min.db")));

        var (passed, report, _) = await CliRunner.RunAsync(["verify", dir.File("p.json"), "--target", dir.File("min.db"), .. declared]);
        Assert.True(passed == 0, report);
        var (failed, output, _) = await CliRunner.RunAsync(["verify", dir.File("p.json"), "--target", dir.File("plain.db"), .. declared]);
        Assert.Equal(4, failed);
        Assert.Contains("below the declared minimum", output, StringComparison.Ordinal);

        // every bad item in one line, exit 2, nothing written
        var (code, _, error) = await CliRunner.RunAsync("generate", dir.File("p.json"), "--target", dir.File("x.db"),
            "--min-children", "InvoiceLines.InvoiceId=1", "--min-children", "Invoice.Total=1", "--min-children", "InvoiceLine.InvoiceId=0");
        Assert.Equal(2, code);
        Assert.Contains("unknown table 'InvoiceLines' (did you mean 'InvoiceLine'?)", error, StringComparison.Ordinal);
        Assert.Contains("'Invoice' has no single-column foreign key on 'Total'", error, StringComparison.Ordinal);
        Assert.Contains("InvoiceLine.InvoiceId=0 asks for no child", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(dir.File("x.db")));
    }
}
