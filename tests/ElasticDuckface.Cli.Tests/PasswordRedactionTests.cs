using ElasticDuckface.Data.Connections;
using MySqlConnector;

namespace ElasticDuckface.Cli.Tests;

/// <summary>Issue 12: a password with an unencoded <c>@</c> or <c>#</c> is parsed whole and never echoed, even in part.</summary>
public sealed class PasswordRedactionTests
{
    private const string Password = "p@ss#1";

    private static readonly string[] s_pieces = [Password, "p@ss", "ss#1", "@ss", "#1@"];

    private static string Url(string rest) => $"mysql://user:{Password}@127.0.0.1:1/{rest}";

    [Fact]
    public void A_password_with_an_unencoded_at_and_hash_is_parsed_whole()
    {
        var location = DatabaseLocation.Parse(Url("shop?connect-timeout=1"), new Dictionary<string, string?>());
        var builder = new MySqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal(Password, builder.Password);
        Assert.Equal("user", builder.UserID);
        Assert.Equal("127.0.0.1", builder.Server);
        Assert.Equal(1u, builder.Port);
        Assert.Equal("shop", location.DatabaseName);
        Assert.DoesNotContain("ss", location.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_hides_the_whole_password()
    {
        Assert.Equal("mysql://user:***@127.0.0.1:1/shop", DatabaseLocation.Redact(Url("shop")));
        Assert.Equal("mysql://user@host/db", DatabaseLocation.Redact("mysql://user@host/db"));
    }

    [Theory]
    [InlineData("generate")]
    [InlineData("verify")]
    [InlineData("profile")]
    [InlineData("bad-url")]
    public async Task No_output_or_error_of_a_failing_run_holds_any_part_of_the_password(string command)
    {
        using var dir = new TempDir();
        var profile = Path.Combine(CliRunner.RepositoryRoot, "profiles", "chinook.json");
        string[] args = command switch
        {
            "generate" => ["generate", profile, "--target", Url("shop?connect-timeout=1")],
            "verify" => ["verify", profile, "--target", Url("shop?connect-timeout=1")],
            "profile" => ["profile", Url("shop?connect-timeout=1"), "-o", dir.File("p.json")],
            _ => ["generate", profile, "--target", Url("a/b/c?nonsense=1")],
        };
        var (code, output, error) = await CliRunner.RunAsync(args);
        Assert.NotEqual(0, code);
        foreach (var piece in s_pieces)
        {
            Assert.DoesNotContain(piece, output, StringComparison.Ordinal);
            Assert.DoesNotContain(piece, error, StringComparison.Ordinal);
        }
    }
}
