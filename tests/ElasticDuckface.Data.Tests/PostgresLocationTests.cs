using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Postgres;
using Npgsql;

namespace ElasticDuckface.Data.Tests;

/// <summary>postgres:// URLs into connection strings, without a server.</summary>
public sealed class PostgresLocationTests
{
    private static readonly Dictionary<string, string?> s_noEnvironment = [];

    [Fact]
    public void A_full_url_fills_every_part_of_the_location_and_hides_the_password()
    {
        var location = DatabaseEngines.Parse("postgresql://app:s3cr%40t@db.example:6543/shop?schema=sales&sslmode=require&connect-timeout=7", s_noEnvironment);
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);

        Assert.Same(PostgresEngine.Instance, location.Engine);
        Assert.Equal(("db.example", 6543, "shop", "app", "s3cr@t"), (builder.Host, builder.Port, builder.Database, builder.Username,
            builder.Password));
        Assert.Equal((SslMode.Require, 7, "sales"), (builder.SslMode, builder.Timeout, builder.SearchPath));
        Assert.Equal(("shop", "sales", "db.example:6543"), (location.DatabaseName, location.Schema, location.Server));
        Assert.Equal("postgres://app@db.example:6543/shop?schema=sales", location.Display);
        Assert.DoesNotContain("s3cr", location.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://me@localhost/db?host=/var/run/postgresql")]
    [InlineData("postgres://me@%2Fvar%2Frun%2Fpostgresql/db")]
    public void A_socket_directory_is_the_host(string url)
    {
        var location = DatabaseEngines.Parse(url, s_noEnvironment);
        Assert.Equal("/var/run/postgresql", new NpgsqlConnectionStringBuilder(location.ConnectionString).Host);
        Assert.Equal("public", location.Schema);
    }

    [Fact]
    public void The_password_comes_from_the_url_then_duckface_password_then_pgpassword()
    {
        string? Password(string url, Dictionary<string, string?> env) =>
            new NpgsqlConnectionStringBuilder(DatabaseEngines.Parse(url, env).ConnectionString).Password;

        var both = new Dictionary<string, string?> { ["DUCKFACE_PASSWORD"] = "duck", ["PGPASSWORD"] = "pg" };
        Assert.Equal("url", Password("postgres://u:url@h/db", both));
        Assert.Equal("duck", Password("postgres://u@h/db", both));
        Assert.Equal("pg", Password("postgres://u@h/db", new Dictionary<string, string?> { ["PGPASSWORD"] = "pg" }));
        Assert.Null(Password("postgres://u@h/db", s_noEnvironment));
    }

    [Fact]
    public void Sslrootcert_and_sslmode_pass_through_to_npgsql()
    {
        var location = DatabaseEngines.Parse("postgres://u@h/db?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem", s_noEnvironment);
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString);
        Assert.Equal((SslMode.VerifyFull, "/etc/ca.pem"), (builder.SslMode, builder.RootCertificate));
    }

    [Fact]
    public void The_password_file_gives_the_first_matching_line_after_the_url_and_the_variables()
    {
        var file = Path.Combine(Path.GetTempPath(), "duckface-pgpass-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(file, "# comment\nother:5432:*:u:no\nh:5432:db:u:first\\:colon\n*:*:*:u:any\nlocalhost:*:*:s:socket\n");
        try
        {
            var env = new Dictionary<string, string?> { ["PGPASSFILE"] = file };
            string? Password(string url, Dictionary<string, string?> e) =>
                new NpgsqlConnectionStringBuilder(DatabaseEngines.Parse(url, e).ConnectionString).Password;

            Assert.Equal("first:colon", Password("postgres://u@h/db", env));
            Assert.Equal("any", Password("postgres://u@h:6000/other", env));
            Assert.Equal("socket", Password("postgres://s@%2Frun%2Fpg/db", env));
            Assert.Equal("url", Password("postgres://u:url@h/db", env));
            Assert.Equal("duck", Password("postgres://u@h/db", new Dictionary<string, string?>(env) { ["DUCKFACE_PASSWORD"] = "duck" }));
            Assert.Null(Password("postgres://nobody@h/db", env));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void An_unknown_option_is_one_line_naming_the_known_ones()
    {
        var ex = Assert.Throws<DuckfaceException>(() => DatabaseEngines.Parse("postgres://u@h/db?colour=blue", s_noEnvironment));
        Assert.Contains("'colour'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sslmode, sslrootcert, schema, connect-timeout", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("postgres://u@h/")]
    [InlineData("postgres://u@h:notaport/db")]
    [InlineData("postgres://u@h/db?sslmode=sometimes")]
    [InlineData("postgres://u:pw@h/db?password=x")]
    public void Bad_urls_are_refused_without_the_password(string url)
    {
        var ex = Assert.Throws<DuckfaceException>(() => DatabaseEngines.Parse(url, s_noEnvironment));
        Assert.DoesNotContain(":pw@", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scheme_names_the_supported_ones_including_postgres()
    {
        var ex = Assert.Throws<DuckfaceException>(() => DatabaseEngines.Parse("oracle://u@h/db"));
        Assert.Contains("postgres://", ex.Message, StringComparison.Ordinal);
        Assert.Contains("postgresql://", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSQL_names_map_to_their_integer_widths()
    {
        int Bits(string type) => PostgresEngine.Instance.Types.Canonical(new Profiles.ColumnProfile
        {
            Name = "c", SqlType = type, Category = Schema.SqlType.Parse(type).Category,
        }).IntegerBits;
        string[] names = ["smallint", "int2", "integer", "int4", "serial", "bigint", "int8", "bigserial"];
        Assert.Equal([16, 16, 32, 32, 32, 64, 64, 64], names.Select(Bits));
    }
}
