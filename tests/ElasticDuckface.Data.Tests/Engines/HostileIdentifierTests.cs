using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>
/// Issue 12, SQL safety: tables and columns named by reserved words, with backticks, double quotes, spaces, unicode and the engine's
/// longest name go through profile → generate → verify on every engine. Any identifier put into SQL without the engine's one
/// quoting function breaks a statement here.
/// </summary>
public abstract class HostileIdentifierTests<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : IEngineFixture
{
    private IDatabaseEngine Engine => fixture.Engine;

    /// <summary>The engine's longest identifier: 64 characters in MySQL and SQLite, 63 bytes in PostgreSQL (NAMEDATALEN - 1).</summary>
    private int Longest => Engine is PostgresEngine ? PostgresNames.MaxLength : 64;

    private string Quote(string name) => Engine switch
    {
        MySqlEngine => MySqlNames.Quote(name),
        PostgresEngine => PostgresNames.Quote(name),
        _ => SqliteNames.Quote(name),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    [EngineFact]
    public async Task Reserved_words_quotes_backticks_spaces_unicode_and_longest_names_round_trip_through_profile_generate_and_verify()
    {
        var parent = "select";
        var child = "order `details` \"x\"";
        var longTable = new string('t', Longest);
        var longColumn = new string('c', Longest);
        var url = fixture.NewDatabaseUrl("hostile");
        var source = DatabaseEngines.Parse(url);
        await Engine.CreateDatabaseAsync(source, CancellationToken.None);
        string[] ddl =
        [
            $"CREATE TABLE {Quote(parent)} ({Quote("id")} INTEGER PRIMARY KEY, {Quote("group")} VARCHAR(20), "
                + $"{Quote("col with space")} INTEGER)",
            $"CREATE TABLE {Quote(child)} ({Quote("id")} INTEGER PRIMARY KEY, {Quote("from")} INTEGER, {Quote("quote\"col")} VARCHAR(20), "
                + $"{Quote("back`col")} INTEGER, {Quote("ünïcødé_名前")} VARCHAR(20), {Quote(longColumn)} INTEGER, "
                + $"FOREIGN KEY ({Quote("from")}) REFERENCES {Quote(parent)} ({Quote("id")}))",
            // named: MySQL's own name for it (<table>_ibfk_1) would be longer than 64 characters
            $"CREATE TABLE {Quote(longTable)} ({Quote("id")} INTEGER PRIMARY KEY, {Quote("ref")} INTEGER, "
                + $"CONSTRAINT {Quote("long ref")} FOREIGN KEY ({Quote("ref")}) REFERENCES {Quote(child)} ({Quote("id")}))",
        ];
        // parents first: the foreign keys are checked as the rows go in
        var numbers = Enumerable.Range(1, 30).ToList();
        var rows = numbers.Select(i => $"INSERT INTO {Quote(parent)} VALUES ({i}, 'g{i % 4}', {i * 7})")
            .Concat(numbers.Select(i => $"INSERT INTO {Quote(child)} VALUES ({i}, {1 + (i % 10)}, 'q''{i % 3}', {i % 5}, 'ü{i % 6}', {i})"))
            .Concat(numbers.Select(i => $"INSERT INTO {Quote(longTable)} VALUES ({i}, {1 + (i % 20)})"));

        await using (var connection = await fixture.OpenAsync(url))
        {
            foreach (var sql in ddl.Concat(rows))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        var profile = await Profiler.ProfileAsync(source, new ProfileSettings());
        Assert.Equal(new[] { child, parent, longTable }.Order(StringComparer.Ordinal),
            profile.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        var childProfile = profile.Tables.Single(t => t.Name == child);
        Assert.Equal(["id", "from", "quote\"col", "back`col", "ünïcødé_名前", longColumn], childProfile.Columns.Select(c => c.Name));
        Assert.Equal(parent, Assert.Single(childProfile.ForeignKeys).ReferencedTable);

        var targetUrl = fixture.NewDatabaseUrl("hostile_gen");
        var outcome = await GenerateRun.RunAsync(
            new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2, Seed = 3 }, Target = targetUrl });
        var target = DatabaseEngines.Parse(targetUrl);
        Assert.Equal(await Engine.ListTablesAsync(source, CancellationToken.None),
            await Engine.ListTablesAsync(target, CancellationToken.None));

        var verified = await VerifyRun.RunAsync(profile, target, new VerifyOptions { Plan = outcome.Plan });
        Assert.True(verified.Report.HardChecksFailed == 0,
            string.Join("; ", verified.Report.HardChecks.Where(c => !c.Passed).Select(c => c.Describe())));
        Assert.Equal(60, verified.Measured.Tables.Single(t => t.Name == child).RowCount);
        Assert.Equal(childProfile.Columns.Select(c => c.Name),
            verified.Measured.Tables.Single(t => t.Name == child).Columns.Select(c => c.Name));
    }
}

public sealed class SqliteHostileIdentifierTests() : HostileIdentifierTests<SqliteFixture>(new SqliteFixture());

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbHostileIdentifierTests(MariaDbServer server)
    : HostileIdentifierTests<MariaDbFixture>(new MariaDbFixture(server));

[Collection(PostgresCollection.Name)]
public sealed class PostgresHostileIdentifierTests(PostgresServer server)
    : HostileIdentifierTests<PostgresFixture>(new PostgresFixture(server));
