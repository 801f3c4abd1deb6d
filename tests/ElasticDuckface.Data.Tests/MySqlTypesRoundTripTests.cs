using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using MySqlConnector;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// Issue 12, "every type the engines report is written or refused cleanly": a real MariaDB table with each awkward type
/// and rows → profile (through JSON) → generate into a new database at ×2 → every value loads within its type; the
/// types the writer cannot generate (BIT(8), POINT, GEOMETRY) are refused in one line naming table.column, with nothing
/// written.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class MySqlTypesRoundTripTests(MariaDbServer server)
{
    private const string TypesScript = """
        SET SESSION sql_mode = 'ALLOW_INVALID_DATES';
        CREATE TABLE types (
          id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          y YEAR NOT NULL,
          flag BIT(1) NOT NULL,
          tags SET('red','green','blue') NOT NULL,
          size ENUM('small','medium','large') NOT NULL,
          doc JSON NULL,
          amount DECIMAL(65,30) NOT NULL,
          elapsed TIME(6) NOT NULL,
          at DATETIME(6) NOT NULL,
          zero_day DATE NULL,
          rounded DECIMAL(65,30) AS (ROUND(amount, 2)) STORED
        ) ENGINE=InnoDB;
        INSERT INTO types (y, flag, tags, size, doc, amount, elapsed, at, zero_day) VALUES
          (1999, b'1', 'red,blue', 'small', '{"a": 1}', 12345678901234567890.123456789012345678901234567890,
           '12:34:56.123456', '2020-01-02 03:04:05.654321', '0000-00-00'),
          (2024, b'0', 'green', 'large', '[1, 2, 3]', -0.000000000000000000000000000001,
           '-838:59:59.000000', '1999-12-31 23:59:59.999999', '2021-05-06'),
          (1901, b'1', '', 'medium', NULL, 99999999999999999999999999999999999.999999999999999999999999999999,
           '00:00:00.500000', '2000-02-29 12:00:00.000001', '0000-00-00'),
          (2155, b'0', 'red,green,blue', 'small', '"text"', 1.5, '100:00:00.000001', '2010-10-10 10:10:10.101010', NULL);
        """;

    private static readonly string[] SetMembers = ["red", "green", "blue"];

    private static string RefusedScript(string column, string value) => $"""
        CREATE TABLE fine (id INT NOT NULL PRIMARY KEY);
        CREATE TABLE shapes (
          id INT NOT NULL PRIMARY KEY,
          {column}
        ) ENGINE=InnoDB;
        INSERT INTO fine VALUES (1), (2);
        INSERT INTO shapes VALUES (1, {value}), (2, {value});
        """;

    [MySqlFact]
    public async Task Every_type_of_the_table_loads_at_x2_with_values_within_its_type()
    {
        var source = await server.CreateDatabaseAsync("types_src");
        await MariaDbServer.ExecuteScriptAsync(source, TypesScript);
        var target = await GenerateAsync(source, scale: 2);

        await using var connection = new MySqlConnection(MariaDbServer.Parse(target).ConnectionString);
        await connection.ExecuteAsync("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'");
        Assert.Equal(8, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM types"));
        var columns = (await connection.QueryAsync<(string Name, string Type)>(
            "SELECT COLUMN_NAME, COLUMN_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'types'"))
            .ToDictionary(c => c.Name, c => c.Type);
        Assert.Equal("decimal(65,30)", columns["amount"]);
        Assert.Equal("time(6)", columns["elapsed"]);
        Assert.Equal("datetime(6)", columns["at"]);
        Assert.Equal("bit(1)", columns["flag"]);

        // every row within its type: YEAR in the server's range, BIT(1) 0/1, ENUM/SET only members of the definition,
        // JSON valid, the generated column computed by the server
        var outside = await connection.QuerySingleAsync<(long Year, long Bit, long Enum, long Json, long Generated)>("""
            SELECT SUM(y NOT BETWEEN 1901 AND 2155), SUM(flag NOT IN (0, 1)), SUM(size NOT IN ('small','medium','large')),
              SUM(doc IS NOT NULL AND JSON_VALID(doc) = 0), SUM(NOT (rounded <=> ROUND(amount, 2))) FROM types
            """);
        Assert.Equal((0L, 0L, 0L, 0L, 0L), outside);
        var tags = await connection.QueryAsync<string>("SELECT tags FROM types");
        Assert.All(tags, t => Assert.All(t.Split(',', StringSplitOptions.RemoveEmptyEntries),
            member => Assert.Contains(member, SetMembers)));

        // DECIMAL(65,30): the digits survive (read as text: .NET decimal holds only 28-29 digits)
        var amounts = (await connection.QueryAsync<string>("SELECT CAST(amount AS CHAR) FROM types")).ToList();
        Assert.All(amounts, a => Assert.Equal(30, a.Split('.')[1].Length));
        Assert.Contains(amounts, a => a.TrimStart('-').Split('.')[0].Length > 20 || a.Split('.')[1].TrimEnd('0').Length > 6);

        // TIME(6) and DATETIME(6): the column keeps its six fraction digits and every value loads (the share of non-zero
        // fractions is measured on more rows below)
        var fractions = (await connection.QueryAsync<string>(
            "SELECT CONCAT(CAST(elapsed AS CHAR), '|', CAST(at AS CHAR)) FROM types")).ToList();
        Assert.All(fractions, f => Assert.Matches(@"^-?\d+:\d\d:\d\d\.\d{6}\|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$", f));

        // zero dates: written where the source had them (or real dates); never a load error
        var days = (await connection.QueryAsync<string?>("SELECT CAST(zero_day AS CHAR) FROM types")).ToList();
        Assert.All(days.Where(d => d is not null), d => Assert.Matches(@"^\d{4}-\d\d-\d\d$", d!));
        Assert.All(days.Where(d => d is not null && d != "0000-00-00"),
            d => DateOnly.ParseExact(d!, "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [MySqlFact]
    public async Task Issue12_fractions_of_a_second_are_profiled_and_generated_at_their_share_within_the_declared_digits()
    {
        var source = await server.CreateDatabaseAsync("fractions_src");
        await MariaDbServer.ExecuteScriptAsync(source, MomentsScript());
        var profiled = await Profiler.ProfileAsync(MariaDbServer.Parse(source), new ProfileSettings());
        var columns = profiled.Tables.Single().Columns.ToDictionary(c => c.Name);
        // every row is read (no sampling at 400 rows): the shares are exact, the digits those the values use
        Assert.Equal(new SecondFractions(0.6, 6), columns["elapsed"].Stats!.Fractions);
        Assert.Equal(new SecondFractions(0.7, 6), columns["at"].Stats!.Fractions);
        Assert.Equal(new SecondFractions(0.4, 3), columns["at_ms"].Stats!.Fractions);
        Assert.Equal(new SecondFractions(0.3, 4), columns["stamp"].Stats!.Fractions);
        Assert.Null(columns["plain"].Stats!.Fractions);

        var target = await GenerateAsync(source, scale: 1);
        await using var connection = new MySqlConnection(MariaDbServer.Parse(target).ConnectionString);
        foreach (var (column, share, digits) in new[] { ("elapsed", 0.6, 6), ("at", 0.7, 6), ("at_ms", 0.4, 3), ("stamp", 0.3, 4) })
        {
            var texts = (await connection.QueryAsync<string>($"SELECT CAST(`{column}` AS CHAR) FROM moments")).ToList();
            Assert.Equal(400, texts.Count);
            // 400 draws: four binomial standard deviations are at most 0.1
            Assert.InRange(FractionText.Share(texts), share - 0.1, share + 0.1);
            Assert.Equal(digits, texts.Max(FractionText.Digits));
        }

        var plain = (await connection.QueryAsync<string>("SELECT CAST(plain AS CHAR) FROM moments")).ToList();
        Assert.All(plain, p => Assert.Equal(0, FractionText.Digits(p)));
    }

    /// <summary>
    /// 400 rows of fractions: TIME(6) 60% with six digits, DATETIME(6) 70% with six, DATETIME(3) 40% with three,
    /// TIMESTAMP(6) 30% with four, a DATETIME without fractions; every value distinct, so none is categorical, and the
    /// date-times span months (the profile floors their quantiles to the first of a month).
    /// </summary>
    private static string MomentsScript()
    {
        var rows = new List<string>();
        for (var i = 1; i <= 400; i++)
        {
            var micros = i % 10 < 6 ? 1 + i * 7919 % 999_999 : 0;
            var elapsed = TimeSpan.FromSeconds(i * 97) + TimeSpan.FromTicks(micros * 10L);
            var at = new DateTime(2020, 1, 1).AddDays(i).AddHours(i % 24).AddTicks((i % 10 < 7 ? 1 + i * 104_729 % 999_999 : 0) * 10L);
            var atMs = new DateTime(2020, 1, 1).AddDays(i + 1).AddMinutes(i).AddMilliseconds(i % 10 < 4 ? 1 + i * 37 % 999 : 0);
            var stamp = new DateTime(2021, 1, 1).AddDays(i / 2.0).AddTicks((i % 10 < 3 ? 1 + i * 13 % 9_999 : 0) * 1000L);
            var plainAt = new DateTime(2019, 1, 1).AddDays(i).AddSeconds(i);
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"({i}, '{elapsed:hh\\:mm\\:ss\\.ffffff}', '{at:yyyy-MM-dd HH:mm:ss.ffffff}', '{atMs:yyyy-MM-dd HH:mm:ss.fff}', "
                + $"'{stamp:yyyy-MM-dd HH:mm:ss.ffffff}', '{plainAt:yyyy-MM-dd HH:mm:ss}')"));
        }

        return $"""
            CREATE TABLE moments (
              id INT NOT NULL PRIMARY KEY,
              elapsed TIME(6) NOT NULL,
              at DATETIME(6) NOT NULL,
              at_ms DATETIME(3) NOT NULL,
              stamp TIMESTAMP(6) NULL,
              plain DATETIME NOT NULL
            ) ENGINE=InnoDB;
            INSERT INTO moments VALUES {string.Join(",\n", rows)};
            """;
    }

    [MySqlTheory]
    [InlineData("shape BIT(8) NOT NULL", "b'10101010'", "shapes.shape (bit(8))")]
    [InlineData("shape POINT NOT NULL", "POINT(1, 2)", "shapes.shape (point)")]
    [InlineData("shape GEOMETRY NOT NULL", "ST_GeomFromText('LINESTRING(0 0, 1 1)')", "shapes.shape (geometry)")]
    public async Task A_type_the_writer_cannot_generate_is_refused_in_one_line_before_anything_is_written(
        string column, string value, string named)
    {
        var source = await server.CreateDatabaseAsync("types_refused");
        await MariaDbServer.ExecuteScriptAsync(source, RefusedScript(column, value));
        var targetUrl = server.UrlOf(MariaDbServer.UniqueName("types_refused_target"));

        var error = await Assert.ThrowsAsync<DuckfaceException>(() => GenerateAsync(source, scale: 2, targetUrl));

        Assert.StartsWith($"Column {named} cannot be generated", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        var target = MariaDbServer.Parse(targetUrl);
        await using var connection = new MySqlConnection(MariaDbServer.Parse(source).ConnectionString);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA LIKE @name",
            new { name = target.DatabaseName + "%" }));
    }

    /// <summary>Profiles the source, passes the profile through its JSON and generates it into a new database.</summary>
    private async Task<string> GenerateAsync(string sourceUrl, double scale, string? targetUrl = null)
    {
        var profiled = await Profiler.ProfileAsync(MariaDbServer.Parse(sourceUrl), new ProfileSettings());
        var profile = ProfileSerializer.Deserialize(ProfileSerializer.Serialize(profiled));
        targetUrl ??= server.UrlOf(MariaDbServer.UniqueName("types_target"));
        await using (var writer = await MySqlWriter.OpenAsync(MariaDbServer.Parse(targetUrl), WriterOptions.For(profile, replace: false)))
        {
            await DatabaseGenerator.RunAsync(profile, GenerationPlanner.Plan(profile, new ScaleOptions { Scale = scale, Seed = 3 }),
                writer);
        }

        return targetUrl;
    }
}
