using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Sampling;
using ElasticDuckface.Data.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Sampling;

public sealed class ForeignKeySamplerTests
{
    private static readonly string[] ChinookTables =
        ["Album", "Artist", "Customer", "Employee", "Genre", "Invoice", "InvoiceLine", "MediaType", "Playlist", "PlaylistTrack", "Track"];

    [Fact]
    public async Task Chinook_sample_has_no_dangling_foreign_key_and_keeps_lookup_tables_whole()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var sample = dir.File("sample.db");
        var result = await ForeignKeySampler.SampleAsync(DatabaseLocation.Parse(TestFiles.ChinookSqlite), sample,
            new SampleOptions { Fraction = 0.1, Seed = 7 });

        Assert.Equal(0, result.ForeignKeyViolations);
        await using var c = new SqliteConnection($"Data Source={sample};Pooling=false");
        await c.OpenAsync();
        Assert.Empty(await c.QueryAsync("PRAGMA foreign_key_check"));
        Assert.Equal(["Employee", "Genre", "MediaType", "Playlist"], result.LookupTables.Order(StringComparer.Ordinal));
        foreach (var lookup in result.LookupTables)
            Assert.Equal(result.Tables.Single(t => t.Name == lookup).SourceRows,
                await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM \"{lookup}\""));
        Assert.Equal(["Artist", "Customer"], result.Tables.Where(t => t.Role == SampleRole.Root).Select(t => t.Name));
        // a root keeps round(10%) of its rows before parents are added
        var customer = result.Tables.Single(t => t.Name == "Customer");
        Assert.Equal(6, customer.Rows - customer.AddedAsParents);
        // a followed parent keeps all its children: every kept invoice has all of its lines
        await using var d = new SqliteConnection($"Data Source={TestFiles.ChinookSqlite};Mode=ReadOnly;Pooling=false");
        var lines = (await c.QueryAsync<(long InvoiceId, long Lines)>("SELECT InvoiceId, COUNT(*) FROM InvoiceLine GROUP BY InvoiceId")).ToList();
        var source = (await d.QueryAsync<(long InvoiceId, long Lines)>("SELECT InvoiceId, COUNT(*) FROM InvoiceLine GROUP BY InvoiceId")).ToDictionary(x => x.InvoiceId, x => x.Lines);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(source[l.InvoiceId], l.Lines));
    }

    [Fact]
    public async Task One_root_samples_its_dimension_and_keeps_every_other_table_whole()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var source = DatabaseLocation.Parse(TestFiles.ChinookSqlite);
        var roots = new HashSet<string>(StringComparer.Ordinal) { "Customer" };
        var byCustomer = await ForeignKeySampler.SampleAsync(source, dir.File("customer.db"),
            new SampleOptions { Seed = 0, Roots = roots });

        Assert.Equal(0, byCustomer.ForeignKeyViolations);
        Assert.Equal(["Album", "Artist", "PlaylistTrack", "Track"],
            byCustomer.Tables.Where(t => t.Role == SampleRole.Whole).Select(t => t.Name));
        Assert.Equal("Invoice", byCustomer.Tables.Single(t => t.Name == "InvoiceLine").Follows);
        Assert.All(byCustomer.Tables.Where(t => t.Role == SampleRole.Whole), t => Assert.Equal(t.SourceRows, t.Rows));
        Assert.All(byCustomer.Tables, t => Assert.Equal(0, t.AddedAsParents));
        Assert.Equal(6, byCustomer.Tables.Single(t => t.Name == "Customer").Rows);

        // along Artist, InvoiceLine follows Track (its only parent in the dimension), and the invoices stay whole
        var byArtist = await ForeignKeySampler.SampleAsync(source, dir.File("artist.db"),
            new SampleOptions { Seed = 0, Roots = new HashSet<string>(StringComparer.Ordinal) { "Artist" } });
        Assert.Equal(0, byArtist.ForeignKeyViolations);
        Assert.Equal("Track", byArtist.Tables.Single(t => t.Name == "InvoiceLine").Follows);
        Assert.Equal(["Customer", "Invoice"], byArtist.Tables.Where(t => t.Role == SampleRole.Whole).Select(t => t.Name));
        Assert.All(byArtist.Tables, t => Assert.Equal(0, t.AddedAsParents));
        Assert.Equal(["Customer", "Employee", "Genre", "Invoice", "MediaType", "Playlist"],
            byArtist.KeptWhole.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<DuckfaceException>(() => ForeignKeySampler.SampleAsync(source, dir.File("x.db"),
            new SampleOptions { Roots = new HashSet<string>(StringComparer.Ordinal) { "Genre" } }));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_sample_and_another_seed_another()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var source = DatabaseLocation.Parse(TestFiles.ChinookSqlite);
        await ForeignKeySampler.SampleAsync(source, dir.File("a.db"), new SampleOptions { Seed = 3 });
        await ForeignKeySampler.SampleAsync(source, dir.File("b.db"), new SampleOptions { Seed = 3 });
        await ForeignKeySampler.SampleAsync(source, dir.File("c.db"), new SampleOptions { Seed = 4 });

        var a = await ContentAsync(dir.File("a.db"));
        Assert.Equal(a, await ContentAsync(dir.File("b.db")));
        Assert.NotEqual(a, await ContentAsync(dir.File("c.db")));
    }

    [Fact]
    public void Systematic_draw_by_size_takes_one_unit_per_size_stratum_and_is_deterministic()
    {
        // 100 units of sizes 1..100 (ids in reverse size order): 10% systematic over the size order takes one unit from
        // each tenth of the sizes
        var units = Enumerable.Range(1, 100).Select(i => ((long)(101 - i), (long)i)).ToList();
        var options = new SampleOptions { Fraction = 0.1, RootDraw = RootDraw.SystematicBySize };
        var chosen = ForeignKeySampler.Draw(units, "t", options, seed: 5);

        Assert.Equal(10, chosen.Count);
        Assert.Equal(chosen, ForeignKeySampler.Draw(units, "t", options, seed: 5));
        var sizes = chosen.Select(id => 101 - id).Order().ToList();
        for (var j = 0; j < 10; j++)
            Assert.InRange(sizes[j], (10 * j) + 1, 10 * (j + 1));
        Assert.NotEqual(chosen, ForeignKeySampler.Draw(units, "t", options, seed: 6));
        Assert.Equal(10, ForeignKeySampler.Draw(units, "t", options with { RootDraw = RootDraw.Simple }, seed: 5).Count);
    }

    [Fact]
    public async Task Horvitz_Thompson_estimates_recover_the_source_sizes()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var result = await ForeignKeySampler.SampleAsync(DatabaseLocation.Parse(TestFiles.ChinookSqlite), dir.File("sample.db"),
            new SampleOptions { Seed = 0, Replicates = 100 });

        Assert.Equal(0, result.ForeignKeyViolations);
        foreach (var t in result.Tables)
        {
            if (t.Role == SampleRole.Lookup)
                Assert.Equal(t.SourceRows, t.EstimatedSourceRows);
            else
                Assert.InRange(t.EstimatedSourceRows, 0.8 * t.SourceRows, 1.2 * t.SourceRows);
        }

        // no other dimension references Customer: its rows are only drawn, π = 6 / 59 exactly
        Assert.Equal(59, result.Tables.Single(t => t.Name == "Customer").EstimatedSourceRows, 6);
        // the closure added artists, so the Artist factor is well below 1 / fraction
        Assert.InRange(result.Tables.Single(t => t.Name == "Artist").ScaleFactor, 2, 5);
    }

    private static async Task<string> ContentAsync(string path)
    {
        await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        var parts = new List<string>();
        foreach (var t in ChinookTables)
        {
            var rows = await c.QueryAsync($"SELECT * FROM \"{t}\" ORDER BY rowid");
            parts.Add(t + ":" + string.Join("|", rows.Select(r => string.Join(",", ((IDictionary<string, object?>)r).Values))));
        }

        return string.Join("\n", parts);
    }
}
