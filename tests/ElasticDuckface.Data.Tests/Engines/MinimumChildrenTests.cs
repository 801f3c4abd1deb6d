using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>
/// The <see cref="HardCheckKind.BelowMinimum"/> check on every engine: a single-column and a composite foreign key with a
/// declared <see cref="ForeignKeyProfile.MinChildren"/>, children with NULL references (which count for no parent), and
/// names that need the engine's quoting.
/// </summary>
public abstract class MinimumChildrenTests<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : IEngineFixture
{
    private const string Invoice = "invoice";
    private const string Line = "invoice line";
    private const string Shelf = "shelf";
    private const string Book = "book";

    private string Quote(string name) => fixture.Engine switch
    {
        MySqlEngine => MySqlNames.Quote(name),
        PostgresEngine => PostgresNames.Quote(name),
        _ => SqliteNames.Quote(name),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    /// <summary>
    /// Invoices 1, 2, 3 with 2, 1 and 0 lines (and a line with no invoice); shelves (1,1), (1,2), (2,1) with 2, 1 and 0
    /// books (and a book at (2, NULL), which a match on the aisle alone would count for (2,1)).
    /// </summary>
    private async Task<(DatabaseLocation Location, string Url)> CreateAsync()
    {
        var url = fixture.NewDatabaseUrl("minchildren");
        var location = DatabaseEngines.Parse(url);
        await fixture.Engine.CreateDatabaseAsync(location, CancellationToken.None);
        string[] sql =
        [
            $"CREATE TABLE {Quote(Invoice)} ({Quote("id")} INTEGER PRIMARY KEY)",
            $"CREATE TABLE {Quote(Line)} ({Quote("id")} INTEGER PRIMARY KEY, {Quote("invoice id")} INTEGER, "
                + $"FOREIGN KEY ({Quote("invoice id")}) REFERENCES {Quote(Invoice)} ({Quote("id")}))",
            $"CREATE TABLE {Quote(Shelf)} ({Quote("aisle")} INTEGER NOT NULL, {Quote("slot")} INTEGER NOT NULL, "
                + $"PRIMARY KEY ({Quote("aisle")}, {Quote("slot")}))",
            $"CREATE TABLE {Quote(Book)} ({Quote("id")} INTEGER PRIMARY KEY, {Quote("aisle")} INTEGER, {Quote("slot")} INTEGER, "
                + $"FOREIGN KEY ({Quote("aisle")}, {Quote("slot")}) REFERENCES {Quote(Shelf)} ({Quote("aisle")}, {Quote("slot")}))",
            $"INSERT INTO {Quote(Invoice)} VALUES (1), (2), (3)",
            $"INSERT INTO {Quote(Line)} VALUES (1, 1), (2, 1), (3, 2), (4, NULL)",
            $"INSERT INTO {Quote(Shelf)} VALUES (1, 1), (1, 2), (2, 1)",
            $"INSERT INTO {Quote(Book)} VALUES (1, 1, 1), (2, 1, 1), (3, 1, 2), (4, 2, NULL)",
        ];
        await ExecuteAsync(url, sql);
        return (location, url);
    }

    private async Task ExecuteAsync(string url, IEnumerable<string> sql)
    {
        await using var connection = await fixture.OpenAsync(url);
        foreach (var s in sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = s;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static DatabaseProfile WithMinimum(DatabaseProfile profile, int invoiceLines, int shelfBooks) => profile with
    {
        Tables = [.. profile.Tables.Select(t => t with
        {
            ForeignKeys = [.. t.ForeignKeys.Select(f => f with
            {
                MinChildren = f.ReferencedTable == Invoice ? invoiceLines : f.ReferencedTable == Shelf ? shelfBooks : 0,
            })],
        })],
    };

    private static HardCheckResult Below(IReadOnlyList<HardCheckResult> checks, string table) =>
        Assert.Single(checks, c => c.Kind == HardCheckKind.BelowMinimum && c.Table == table);

    [EngineFact]
    public async Task Parents_below_the_declared_minimum_are_counted_per_foreign_key_and_pass_once_every_parent_meets_it()
    {
        var (location, url) = await CreateAsync();
        var profile = await Profiler.ProfileAsync(location, new ProfileSettings());
        var plain = await HardChecks.RunAsync(location, profile, plan: null);
        Assert.DoesNotContain(plain, c => c.Kind == HardCheckKind.BelowMinimum);
        Assert.All(plain, c => Assert.True(c.Passed, c.Describe()));

        // minimum 1: the childless invoice and the empty shelf; the NULL-reference line and the (2, NULL) book count for none
        var one = await HardChecks.RunAsync(location, WithMinimum(profile, 1, 1), plan: null);
        Assert.Equal(plain.Count + 2, one.Count);
        Assert.Equal(plain, one.Where(c => c.Kind != HardCheckKind.BelowMinimum));
        var line = Below(one, Line);
        Assert.Equal((1L, 0L, (int?)1, false), (line.Found, line.Expected, line.Minimum, line.Passed));
        Assert.Equal($"{Line}.invoice id → {Invoice}", line.Detail);
        Assert.StartsWith($"parents below the declared minimum of 1 child in {Line}.", line.Describe(), StringComparison.Ordinal);
        Assert.EndsWith($": 1 parent rows have none ({Line}.invoice id → {Invoice})", line.Describe(), StringComparison.Ordinal);
        var book = Below(one, Book);
        Assert.Equal((1L, $"{Book}.(aisle, slot) → {Shelf}"), (book.Found, book.Detail));

        // minimum 2: the one-child invoice and shelf join them
        var two = await HardChecks.RunAsync(location, WithMinimum(profile, 2, 2), plan: null);
        Assert.Equal((2L, 2L), (Below(two, Line).Found, Below(two, Book).Found));
        Assert.Contains("minimum of 2 children", Below(two, Line).Describe(), StringComparison.Ordinal);
        Assert.Contains("2 parent rows have fewer", Below(two, Line).Describe(), StringComparison.Ordinal);

        await ExecuteAsync(url, [$"INSERT INTO {Quote(Line)} VALUES (5, 2), (6, 3), (7, 3)",
            $"INSERT INTO {Quote(Book)} VALUES (5, 1, 2), (6, 2, 1), (7, 2, 1)"]);
        var met = await HardChecks.RunAsync(location, WithMinimum(profile, 2, 2), plan: null);
        Assert.Equal(2, met.Count(c => c.Kind == HardCheckKind.BelowMinimum));
        Assert.All(met, c => Assert.True(c.Passed, c.Describe()));
    }
    // the two forms of the query (a correlated lookup where the child's reference is indexed, one grouping pass where it is
    // not) count the same parents, composite keys and NULL references included
    [EngineFact]
    public async Task The_indexed_and_the_grouped_query_count_the_same_parents()
    {
        var (_, url) = await CreateAsync();
        await using var connection = await fixture.OpenAsync(url);
        async Task<long> CountAsync(string child, string[] columns, string parent, string[] keys, int minimum, bool indexed)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = MinimumCheck.CountSql(Quote, child, columns, parent, keys, minimum, indexed);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var indexed in new[] { true, false })
        {
            Assert.Equal(1, await CountAsync(Line, ["invoice id"], Invoice, ["id"], 1, indexed));
            Assert.Equal(2, await CountAsync(Line, ["invoice id"], Invoice, ["id"], 2, indexed));
            Assert.Equal(3, await CountAsync(Line, ["invoice id"], Invoice, ["id"], 3, indexed));
            Assert.Equal(1, await CountAsync(Book, ["aisle", "slot"], Shelf, ["aisle", "slot"], 1, indexed));
            Assert.Equal(2, await CountAsync(Book, ["aisle", "slot"], Shelf, ["aisle", "slot"], 2, indexed));
        }
    }
}

public sealed class SqliteMinimumChildrenTests() : MinimumChildrenTests<SqliteFixture>(new SqliteFixture());

[Collection(MariaDbCollection.Name)]
public sealed class MariaDbMinimumChildrenTests(MariaDbServer server) : MinimumChildrenTests<MariaDbFixture>(new MariaDbFixture(server));

[Collection(PostgresCollection.Name)]
public sealed class PostgresMinimumChildrenTests(PostgresServer server)
    : MinimumChildrenTests<PostgresFixture>(new PostgresFixture(server));
