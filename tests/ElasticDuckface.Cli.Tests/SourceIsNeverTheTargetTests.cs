using System.Security.Cryptography;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Issue 12: the profile fingerprints its source, and generate refuses to write into it unless told it knows.</summary>
public sealed class SourceIsNeverTheTargetTests
{
    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Generate_refuses_the_profiled_file_with_or_without_replace_or_into_existing_and_through_a_symlink()
    {
        using var dir = new TempDir();
        var source = dir.CopyChinook();
        Assert.Equal(0, (await CliRunner.RunAsync("profile", source, "-q", "-o", dir.File("p.json"))).ExitCode);
        var profile = await ProfileSerializer.ReadAsync(dir.File("p.json"));
        Assert.Matches("^hmac-sha256:[0-9a-f]{32}:[0-9a-f]{64}$", profile.Source.Fingerprint);
        Assert.DoesNotContain(dir.Path, await File.ReadAllTextAsync(dir.File("p.json")), StringComparison.Ordinal);
        var before = Hash(source);
        File.CreateSymbolicLink(dir.File("link.db"), source);

        foreach (var target in new[] { source, "sqlite:" + source, dir.File("link.db") })
        {
            // --into-existing (issue 10) is refused alike, before its schema comparison, even with --append
            foreach (var mode in new[] { "", "--replace", "--into-existing", "--into-existing --append" })
            {
                string[] args = ["generate", dir.File("p.json"), "--scale", "0.1", "--target", target, "-q",
                    .. mode.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
                var (code, _, error) = await CliRunner.RunAsync(args);
                Assert.Equal(ExitCodes.OutputError, code);
                Assert.Contains("is the database this profile was made from", error, StringComparison.Ordinal);
                Assert.Equal(before, Hash(source));
            }
        }

        var forced = await CliRunner.RunAsync("generate", dir.File("p.json"), "--scale", "0.1", "--target", source, "--replace",
            "--i-know-this-is-the-source", "-q");
        Assert.True(forced.ExitCode == 0, forced.Error);
        Assert.NotEqual(before, Hash(source));
    }

    [Fact]
    public async Task Another_target_and_an_old_profile_without_a_fingerprint_are_accepted()
    {
        using var dir = new TempDir();
        var source = dir.CopyChinook();
        Assert.Equal(0, (await CliRunner.RunAsync("profile", source, "-q", "-o", dir.File("p.json"))).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", dir.File("p.json"), "--scale", "0.1", "--target", dir.File("other.db"),
            "-q")).ExitCode);

        var old = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");
        Assert.Null((await ProfileSerializer.ReadAsync(old)).Source.Fingerprint);
        Assert.Equal(0, (await CliRunner.RunAsync("generate", old, "--scale", "0.1", "--target", dir.File("old.db"), "-q")).ExitCode);
    }
}
