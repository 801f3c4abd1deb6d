using System.Text.Json;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Privacy;
using ElasticDuckface.Profiles;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling;

/// <summary>Issue 9, <c>--hide-sizes</c>: random parent/child databases; no row count, key maximum or parent count survives.</summary>
public sealed class HiddenSizesPropertyTests
{
    /// <summary>A parent of <paramref name="Parents"/> rows, a child of <paramref name="Children"/> rows of which
    /// <paramref name="Nulls"/> reference none, keys starting after <paramref name="Skip"/>.</summary>
    public sealed record Spec(int Parents, int Children, int Nulls, int Skip, int Seed);

    // sizes from 120 up, fan-outs and text lengths below 100: a count can only appear in the JSON if it leaked
    private static readonly Gen<Spec> Specs =
        from p in Gen.Choose(120, 400)
        from ratio in Gen.Choose(11, 40)
        from nulls in Gen.Choose(0, 30)
        from skip in Gen.Choose(0, 500)
        from seed in Gen.Choose(0, 1000)
        select new Spec(p, p * ratio / 10 + nulls, nulls, skip, seed);

    private static async Task<DatabaseProfile> ProfileAsync(string path, Spec spec)
    {
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT, kind INTEGER)");
            await c.ExecuteAsync("CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id), note TEXT)");
            await using var tx = await c.BeginTransactionAsync();
            var random = new Random(spec.Seed);
            for (var i = 1; i <= spec.Parents; i++)
                await c.ExecuteAsync("INSERT INTO p VALUES (@id, @n, @k)",
                    new { id = spec.Skip + i, n = new string('x', random.Next(1, 30)), k = random.Next(1, 5) }, tx);
            for (var i = 1; i <= spec.Children; i++)
            {
                object? parent = i <= spec.Nulls ? null : spec.Skip + 1 + random.Next(spec.Parents);
                await c.ExecuteAsync("INSERT INTO c VALUES (@id, @p, @n)",
                    new { id = spec.Skip + i, p = parent, n = new string('y', random.Next(1, 40)) }, tx);
            }

            await tx.CommitAsync();
        }

        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings());
        SqliteConnection.ClearAllPools();
        return profile;
    }

    /// <summary>Every number of a JSON document, depth first.</summary>
    internal static IEnumerable<double> Numbers(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Numbers(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Numbers),
        JsonValueKind.Number => [e.GetDouble()],
        _ => [],
    };

    [Fact]
    public void No_row_count_key_maximum_or_parent_count_appears_as_any_number_and_an_anchor_gives_the_sizes_back()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var run = 0;
        Prop.ForAll(Specs.ToArbitrary(), spec =>
        {
            var path = Path.Combine(dir.Path, $"h{run++}.db");
            var profile = ProfileAsync(path, spec).GetAwaiter().GetResult();
            var hidden = SizeHiding.Hide(profile, new SizeNoise(SizeNoise.DefaultSigma, spec.Seed));
            var json = ProfileSerializer.Serialize(hidden);
            var counts = new HashSet<double>
            {
                spec.Parents, spec.Children, spec.Children - spec.Nulls, spec.Skip + spec.Parents, spec.Skip + spec.Children,
            };
            using var doc = JsonDocument.Parse(json);
            var leaks = Numbers(doc.RootElement).Where(counts.Contains).ToList();
            Assert.True(leaks.Count == 0, $"{spec}: {string.Join(", ", leaks)} in {json}");
            Assert.Empty(ProfileDisclosure.Of(hidden).Sizes);

            // the written profile reads back, and one anchor plans every table from the relative sizes
            var read = ProfileSerializer.Deserialize(json, "hidden");
            var plan = GenerationPlanner.Plan(read, new ScaleOptions { Rows = new Dictionary<string, long> { ["c"] = spec.Children } });
            Assert.Equal(spec.Children, plan["c"].TargetRows);
            var expected = spec.Children * read.Tables.Single(t => t.Name == "p").RelativeSize!.Value;
            Assert.InRange(plan["p"].TargetRows, Math.Floor(expected), Math.Ceiling(expected));
            var key = plan.Profile.Tables.Single(t => t.Name == "p").Columns[0].Stats!.Distribution;
            Assert.Equal(plan["p"].SourceRows, Assert.IsType<SequenceDistribution>(key).Max - ((SequenceDistribution)key).Min + 1);
        }).Check(12);
    }

    [Fact]
    public async Task Hiding_is_idempotent_and_keeps_the_schema()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await ProfileAsync(Path.Combine(dir.Path, "i.db"), new Spec(150, 400, 5, 0, 1));
        var hidden = SizeHiding.Hide(profile, new SizeNoise(0.1, 3));
        Assert.Same(hidden, SizeHiding.Hide(hidden, new SizeNoise(0.1, 4)));
        Assert.Equal(profile.Tables.Select(t => t.Name), hidden.Tables.Select(t => t.Name));
        Assert.Equal(DatabaseProfile.HiddenSizesFormatVersion, hidden.FormatVersion);
        Assert.Equal("c", hidden.Settings.ReferenceTable);
        Assert.Equal(1, hidden.Tables.Single(t => t.Name == "c").RelativeSize);
    }
}
