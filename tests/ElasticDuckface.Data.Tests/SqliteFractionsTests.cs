using System.Globalization;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests;

/// <summary>Issue 12, fractions of a second in SQLite, where date-times are text.</summary>
public sealed class SqliteFractionsTests
{
    [Fact]
    public async Task Issue12_a_datetime_column_with_fractional_text_is_profiled_and_generated_with_its_share_and_digits()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var source = dir.File("source.db");
        await using (var connection = new SqliteConnection($"Data Source={source}"))
        {
            await connection.OpenAsync();
            var rows = Enumerable.Range(1, 400).Select(i =>
            {
                var at = new DateTime(2020, 1, 1).AddDays(i).AddSeconds(i * 37);
                var text = i % 2 == 0
                    ? at.AddMilliseconds(1 + i * 37 % 999).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)
                    : at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                return $"({i}, '{text}')";
            });
            await using var command = new SqliteCommand(
                "CREATE TABLE moments (id INTEGER PRIMARY KEY, at DATETIME NOT NULL);"
                + $"INSERT INTO moments VALUES {string.Join(",", rows)};", connection);
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(source), new ProfileSettings());
        Assert.Equal(new SecondFractions(0.5, 3), profile.Tables.Single().Columns.Single(c => c.Name == "at").Stats!.Fractions);

        var target = dir.File("target.db");
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 1, Seed = 3 },
            Target = target });
        var texts = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={target}"))
        {
            await connection.OpenAsync();
            await using var select = new SqliteCommand("SELECT at FROM moments", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                texts.Add(reader.GetString(0));
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal(400, texts.Count);
        // 400 draws: four binomial standard deviations are 0.1
        Assert.InRange(FractionText.Share(texts), 0.4, 0.6);
        Assert.Equal(3, texts.Max(FractionText.Digits));
    }
}
