using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests;

public sealed class SqliteProfilerTests
{
    private static Task<DatabaseProfile> ProfileAsync(string path, ProfileSettings? settings = null) =>
        Profiler.ProfileAsync(DatabaseLocation.Parse(path), settings ?? new ProfileSettings());

    /// <summary>Pearson r of the two parents' fan-outs, from every child row, computed here in C# (two-pass formula).</summary>
    private static async Task<(long Rows, double R)> JointCorrelationFromAllRowsAsync(SqliteConnection c, string table, string first,
        string second)
    {
        var rows = (await c.QueryAsync<(long A, long B)>($"SELECT \"{first}\", \"{second}\" FROM \"{table}\" WHERE \"{first}\" IS NOT NULL AND \"{second}\" IS NOT NULL")).ToList();
        var countA = (await c.QueryAsync<long>($"SELECT \"{first}\" FROM \"{table}\" WHERE \"{first}\" IS NOT NULL")).CountBy(k => k).ToDictionary();
        var countB = (await c.QueryAsync<long>($"SELECT \"{second}\" FROM \"{table}\" WHERE \"{second}\" IS NOT NULL")).CountBy(k => k).ToDictionary();
        var x = rows.Select(r => (double)countA[r.A]).ToArray();
        var y = rows.Select(r => (double)countB[r.B]).ToArray();
        var (mx, my) = (x.Average(), y.Average());
        var sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        var r = sxy / Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)) * y.Sum(b => (b - my) * (b - my)));
        return (rows.Count, r);
    }

    [Fact]
    public async Task Joint_fan_out_correlations_of_chinook_equal_pearson_computed_in_csharp_from_all_rows()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.CopyChinook();
        var profile = await ProfileAsync(db);
        await using var c = new SqliteConnection($"Data Source={db}");

        foreach (var (table, first, second) in new[] { ("InvoiceLine", "InvoiceId", "TrackId"), ("PlaylistTrack", "PlaylistId", "TrackId"),
            ("Track", "GenreId", "MediaTypeId") })
        {
            var pair = profile.Tables.Single(t => t.Name == table).JointForeignKeys
                .Single(j => j.First.Columns.SequenceEqual([first]) && j.Second.Columns.SequenceEqual([second]));
            var (rows, r) = await JointCorrelationFromAllRowsAsync(c, table, first, second);
            Assert.Equal(rows, pair.Rows);
            Assert.Equal(r, pair.FanOutCorrelation, 10);
        }

        // one entry per unordered pair, in the order of the foreign keys; tables with one key have none
        var track = profile.Tables.Single(t => t.Name == "Track");
        Assert.Equal(
            ["AlbumId×GenreId", "AlbumId×MediaTypeId", "GenreId×MediaTypeId"],
            track.JointForeignKeys.Select(j => $"{j.First.Columns[0]}×{j.Second.Columns[0]}"));
        Assert.Empty(profile.Tables.Single(t => t.Name == "Invoice").JointForeignKeys);
        Assert.Equal(-0.262050076059, profile.Tables.Single(t => t.Name == "PlaylistTrack").JointForeignKeys[0].FanOutCorrelation);
    }

    [Fact]
    public async Task Joint_fan_out_correlation_of_a_sampled_table_is_measured_on_its_sample_within_the_noise()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.CopyChinook();
        var sampled = await Profiler.ProfileAsync(DatabaseLocation.Parse(db), new ProfileSettings { SampleRows = 2_000 });
        await using var c = new SqliteConnection($"Data Source={db}");
        var (_, exact) = await JointCorrelationFromAllRowsAsync(c, "PlaylistTrack", "PlaylistId", "TrackId");
        var pair = sampled.Tables.Single(t => t.Name == "PlaylistTrack").JointForeignKeys.Single();
        // the parents' counts are exact (per-key GROUP BY); only the rows are a sample
        Assert.InRange(pair.Rows, 1_500, 2_000);
        Assert.True(Math.Abs(pair.FanOutCorrelation - exact) < 1.96 / Math.Sqrt(pair.Rows),
            $"sampled r {pair.FanOutCorrelation} vs exact {exact}");
        Assert.NotEqual(exact, pair.FanOutCorrelation);
    }

    [Fact]
    public async Task Two_runs_give_byte_identical_profiles_but_for_the_salted_source_fingerprint()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.CopyChinook();
        var a = await ProfileAsync(db);
        var b = await ProfileAsync(db, new ProfileSettings());
        // the source fingerprint is salted at random on purpose (docs/reliability.md); everything else is identical
        Assert.NotNull(a.Source.Fingerprint);
        Assert.NotEqual(a.Source.Fingerprint, b.Source.Fingerprint);
        var first = ProfileSerializer.Serialize(a with { Source = a.Source with { Fingerprint = null } });
        var second = ProfileSerializer.Serialize(b with { Source = b.Source with { Fingerprint = null } });
        Assert.Equal(first, second);
        Assert.Equal(first, ProfileSerializer.Serialize(ProfileSerializer.Deserialize(first)));
    }

    [Fact]
    public async Task No_free_text_or_identifier_value_reaches_the_profile()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.CopyChinook();
        var json = ProfileSerializer.Serialize(await ProfileAsync(db));
        await using var c = new SqliteConnection($"Data Source={db}");
        var secrets = (await c.QueryAsync<string>("SELECT Email FROM Customer UNION ALL SELECT Name FROM Track UNION ALL SELECT LastName FROM Employee UNION ALL SELECT Address FROM Customer WHERE Address IS NOT NULL")).ToList();
        Assert.NotEmpty(secrets);
        foreach (var s in secrets)
            Assert.DoesNotContain("\"" + s + "\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Composite_self_cyclic_nullable_and_odd_foreign_keys_are_profiled()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.File("tricky.db");
        await using (var c = new SqliteConnection($"Data Source={db}"))
        {
            await c.ExecuteAsync("""
                CREATE TABLE region (country TEXT NOT NULL, code TEXT NOT NULL, name TEXT, PRIMARY KEY (country, code));
                CREATE TABLE store (id INTEGER PRIMARY KEY, manager_id INTEGER REFERENCES staff(id), country TEXT, code TEXT,
                    FOREIGN KEY (country, code) REFERENCES region(country, code));
                CREATE TABLE staff (id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES store(id), boss INTEGER REFERENCES staff(id), email TEXT UNIQUE);
                CREATE TABLE transfer (id INTEGER PRIMARY KEY, from_store INTEGER NOT NULL REFERENCES store(id), to_store INTEGER REFERENCES store(id));
                CREATE TABLE empty_one (id INTEGER PRIMARY KEY, note TEXT);
                CREATE TABLE "order" ("select" INTEGER PRIMARY KEY, "weird col" TEXT, "quo""te" INTEGER REFERENCES "order"("select"));
                CREATE INDEX ix_transfer_to ON transfer(to_store);
                INSERT INTO region VALUES ('DE','BE','Berlin'),('DE','HH','Hamburg'),('FR','75','Paris');
                INSERT INTO store VALUES (1, NULL, 'DE','BE'),(2, NULL, 'DE','BE'),(3, NULL, NULL, NULL),(4, NULL, 'FR','75');
                INSERT INTO staff VALUES (1, 1, NULL, 'a@x.org'),(2, 1, 1, 'b@x.org'),(3, 2, 1, 'c@x.org'),(4, 4, 2, NULL);
                UPDATE store SET manager_id = 1 WHERE id IN (1, 2);
                UPDATE store SET manager_id = 4 WHERE id = 4;
                INSERT INTO transfer VALUES (1, 1, 2),(2, 1, NULL),(3, 2, 1),(4, 1, 4);
                INSERT INTO "order" VALUES (1, 'a', NULL),(2, 'b', 1),(3, 'c', 1);
                """);
        }

        // k = 1: the exact bins (the default k merges bins of fewer than k parents, issue 9)
        var p = await ProfileAsync(db, new ProfileSettings { MinCount = 1 });
        TableProfile T(string n) => p.Tables.Single(t => t.Name == n);
        FanOutStatistics Fk(string table, params string[] cols) => T(table).ForeignKeys.Single(f => f.Columns.SequenceEqual(cols)).Stats!;

        Assert.Equal(0, T("empty_one").RowCount);
        Assert.IsType<EmptyDistribution>(T("empty_one").Columns[1].Stats!.Distribution);

        var composite = Fk("store", "country", "code");
        Assert.Equal([new FanOutBin(0, 1), new FanOutBin(1, 1), new FanOutBin(2, 1)], composite.Histogram);
        Assert.Equal(0.25, composite.NullFraction);
        Assert.Equal(["country", "code"], T("store").ForeignKeys.Single(f => f.ReferencedTable == "region").ReferencedColumns);

        // the store <-> staff cycle
        Assert.Equal([new FanOutBin(0, 2), new FanOutBin(1, 1), new FanOutBin(2, 1)], Fk("store", "manager_id").Histogram);
        Assert.Equal([new FanOutBin(0, 1), new FanOutBin(1, 2), new FanOutBin(2, 1)], Fk("staff", "store_id").Histogram);
        // self reference
        Assert.Equal([new FanOutBin(0, 2), new FanOutBin(1, 1), new FanOutBin(2, 1)], Fk("staff", "boss").Histogram);
        Assert.Equal(0.25, Fk("staff", "boss").NullFraction);
        // two FKs to the same parent
        Assert.Equal([new FanOutBin(0, 2), new FanOutBin(1, 1), new FanOutBin(3, 1)], Fk("transfer", "from_store").Histogram);
        Assert.Equal(0.25, Fk("transfer", "to_store").NullFraction);
        Assert.Equal(["email"], T("staff").UniqueKeys.Single().Columns);
        Assert.Equal(["to_store"], T("transfer").Indexes.Single().Columns);
        // reserved words and odd characters
        var order = T("order");
        Assert.Equal(["select", "weird col", "quo\"te"], order.Columns.Select(c => c.Name));
        Assert.Equal([new FanOutBin(0, 2), new FanOutBin(2, 1)], Fk("order", "quo\"te").Histogram);
    }

    [Fact]
    public async Task Large_tables_are_sampled_but_counts_and_fan_out_stay_exact()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.File("big.db");
        await using (var c = new SqliteConnection($"Data Source={db}"))
        {
            await c.ExecuteAsync("""
                CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);
                CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), v REAL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO parent SELECT i, 'p' || i FROM n;
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) INSERT INTO child SELECT i, CASE WHEN i % 10 = 0 THEN NULL ELSE (i % 500) + 1 END, i * 0.5 FROM n;
                """);
        }

        var p = await ProfileAsync(db, new ProfileSettings { SampleRows = 2000 });
        var child = p.Tables.Single(t => t.Name == "child");
        Assert.Equal(20_000, child.RowCount);
        Assert.InRange(child.SampledRows!.Value, 1500, 2000);
        var fk = child.ForeignKeys.Single().Stats!;
        Assert.Equal(18_000, fk.ChildRows);
        Assert.Equal(0.1, fk.NullFraction, 9);
        // parents 501..1000, and the 50 parents whose only candidates were the NULL rows (i % 10 == 0)
        Assert.Equal(550, fk.Histogram.Single(b => b.Children == 0).Parents);
        Assert.Equal(new SequenceDistribution(1, 20_000), child.Columns[0].Stats!.Distribution);
        var v = Assert.IsType<NumericDistribution>(child.Columns[2].Stats!.Distribution);
        Assert.InRange(v.Quantiles[50], 4000, 6000);
    }

    [Theory]
    [InlineData("missing.db", "does not exist")]
    [InlineData("notadb.db", "is not a SQLite database")]
    [InlineData("empty.db", "has no tables")]
    [InlineData("", "is a directory")]
    public async Task Bad_sources_give_a_one_line_database_error(string name, string expected)
    {
        using var dir = TestFiles.CreateTempDirectory();
        await File.WriteAllTextAsync(dir.File("notadb.db"), "this is not a database, just text that is long enough to have a header........................");
        await using (var c = new SqliteConnection($"Data Source={dir.File("empty.db")}"))
        {
            await c.OpenAsync();
        }

        var path = name.Length == 0 ? dir.Path : dir.File(name);
        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => ProfileAsync(path));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal(ExitCodes.DatabaseError, ex.ExitCode);
    }
}
