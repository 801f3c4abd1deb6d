using System.Globalization;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling;

/// <summary>
/// Issue 10, child counts given the parent's state: a soft-deleted parent's fan-out is profiled apart from a live one's,
/// and a table whose soft-delete flag never varies still learns its shape (<c>deleted = id</c> when deleted).
/// </summary>
/// <remarks>
/// The database: 200 <c>vm</c>s, 60 of them soft-deleted (<c>deleted = id</c>); a deleted vm has 10 actions, a live one
/// 0, 1 or 2 (no action is ever deleted); faults hang only under deleted vms and are all deleted, as Nova leaves them
/// before archiving.
/// </remarks>
public sealed class ParentStateFanOutTests
{
    private static async Task<DatabaseProfile> ProfileAsync(string path)
    {
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("""
                CREATE TABLE vm (id INTEGER PRIMARY KEY, created_at DATETIME NOT NULL, deleted_at DATETIME, deleted INTEGER NOT NULL,
                  name VARCHAR(20) NOT NULL);
                CREATE TABLE action (id INTEGER PRIMARY KEY, vm_id INTEGER NOT NULL REFERENCES vm (id), created_at DATETIME NOT NULL,
                  deleted_at DATETIME, deleted INTEGER NOT NULL);
                CREATE TABLE fault (id INTEGER PRIMARY KEY, vm_id INTEGER NOT NULL REFERENCES vm (id), created_at DATETIME NOT NULL,
                  deleted_at DATETIME, deleted INTEGER NOT NULL);
                """);
            await using var tx = await c.BeginTransactionAsync();
            var day = new DateTime(2022, 1, 1);
            string At(int days) => day.AddDays(days).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            for (var vm = 1; vm <= 200; vm++)
            {
                var deleted = vm % 10 < 3;
                await c.ExecuteAsync("INSERT INTO vm VALUES (@vm, @created, @gone, @marker, @name)",
                    new { vm, created = At(vm), gone = deleted ? At(vm + 30) : null, marker = deleted ? vm : 0, name = "vm-" + vm }, tx);
                for (var a = 0; a < (deleted ? 10 : vm % 3); a++)
                    await c.ExecuteAsync("INSERT INTO action (vm_id, created_at, deleted_at, deleted) VALUES (@vm, @at, NULL, 0)",
                        new { vm, at = At(vm + a) }, tx);
                if (deleted)
                {
                    await c.ExecuteAsync("INSERT INTO fault (vm_id, created_at, deleted_at, deleted) VALUES (@vm, @at, @gone, 0)",
                        new { vm, at = At(vm + 1), gone = At(vm + 30) }, tx);
                }
            }

            await c.ExecuteAsync("UPDATE fault SET deleted = id", transaction: tx);
            await tx.CommitAsync();
        }

        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings());
        SqliteConnection.ClearAllPools();
        return profile;
    }

    [Fact]
    public async Task Issue10_the_fan_out_is_profiled_per_parent_state_and_matches_an_independent_count()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var path = dir.File("vms.db");
        var profile = await ProfileAsync(path);
        Assert.Equal("deleted_at", profile.Tables.Single(t => t.Name == "vm").RowState?.Column);
        var stats = profile.Tables.Single(t => t.Name == "action").ForeignKeys.Single().Stats!;
        var states = Assert.IsType<ParentStateFanOuts>(stats.ByParentState);
        Assert.Equal("deleted_at", states.Column);

        // every parent, zeros included, counted by a LEFT JOIN rather than the profiler's GROUP BY over the inner join
        await using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        var counted = (await c.QueryAsync<(long Set, long Children, long Parents)>("""
            SELECT s, n, COUNT(*) FROM (SELECT v.deleted_at IS NOT NULL AS s, COUNT(a.id) AS n
              FROM vm v LEFT JOIN action a ON a.vm_id = v.id GROUP BY v.id)
            GROUP BY s, n ORDER BY s, n
            """)).ToList();
        List<FanOutBin> Side(long set) => [.. counted.Where(x => x.Set == set).Select(x => new FanOutBin(x.Children, x.Parents))];
        Assert.Equal(Side(1), states.Set.Histogram);
        Assert.Equal(Side(0), states.Unset.Histogram);
        Assert.Equal([new FanOutBin(10, 60)], states.Set.Histogram);
        Assert.Equal((60, 600, 10.0), (states.Set.ParentRows, states.Set.ChildRows, states.Set.Mean));
        Assert.Equal(140, states.Unset.ParentRows);
        Assert.Equal(stats.ChildRows, states.Set.ChildRows + states.Unset.ChildRows);
    }

    [Fact]
    public async Task Issue10_tables_whose_soft_delete_never_varies_learn_its_shape_and_generate_it_consistently()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await ProfileAsync(dir.File("vms.db"));

        // every fault deleted, no action deleted: the flag never varies, yet both learn deleted = id when deleted_at is set
        foreach (var (table, fraction) in new[] { ("fault", 1.0), ("action", 0.0) })
        {
            var state = Assert.IsType<RowStateProfile>(profile.Tables.Single(t => t.Name == table).RowState);
            Assert.Equal(("deleted_at", fraction), (state.Column, state.Fraction));
            var deleted = state.Columns.Single(c => c.Name == "deleted");
            Assert.Equal(new SameAsDistribution("id", 1), deleted.WhenSet.Distribution);
            Assert.Equal([new CategoryFrequency("0", 1)], Assert.IsType<CategoricalDistribution>(deleted.WhenUnset.Distribution).Values);
        }

        // generated at ×3: faults still hang only under deleted vms, so they stay deleted, with deleted = id
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 3, Seed = 5 });
        var generator = new RowGenerator(profile, plan);
        var deletedVms = generator.Rows("vm").Where(r => r[2] is not null).Select(r => r[0]).ToHashSet();
        Assert.Equal(180, deletedVms.Count);
        var faults = generator.Rows("fault").ToList();
        Assert.Equal(180, faults.Count);
        Assert.All(faults, f => Assert.Contains(f[1], deletedVms));
        Assert.All(faults, f => Assert.Equal((true, f[0]), (f[3] is not null, f[4])));
        var actions = generator.Rows("action").ToList();
        Assert.All(actions, a => Assert.Equal((false, (object)0L), (a[3] is not null, a[4])));
        Assert.Equal(1800, actions.Count(a => deletedVms.Contains(a[1])));   // 10 per deleted vm, as profiled
    }

    [Fact]
    public async Task Hidden_sizes_drop_the_per_state_fan_outs_and_no_count_of_them_appears()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var profile = await ProfileAsync(dir.File("vms.db"));
        var fanOuts = profile.Tables.SelectMany(t => t.ForeignKeys).Select(f => f.Stats!).ToList();
        var states = fanOuts.Select(s => s.ByParentState).OfType<ParentStateFanOuts>().ToList();
        Assert.NotEmpty(states);

        // every count the visible profile holds, from 50 up (smaller ones coincide with degrees and lengths)
        var counts = profile.Tables.Select(t => t.RowCount)
            .Concat(fanOuts.SelectMany(s => new[] { s.ParentRows, s.ChildRows }))
            .Concat(states.SelectMany(s => new[] { s.Set, s.Unset }).SelectMany(side =>
                new[] { side.ParentRows, side.ChildRows }.Concat(side.Histogram.Select(b => b.Parents))))
            .Where(n => n >= 50).ToHashSet();
        Assert.Contains(60L, counts);

        var json = ProfileSerializer.Serialize(Privacy.SizeHiding.Hide(profile, new Privacy.SizeNoise(0.1, 7)));
        Assert.DoesNotContain("byParentState", json, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.DoesNotContain(HiddenSizesPropertyTests.Numbers(doc.RootElement), x => x == Math.Floor(x) && counts.Contains((long)x));
    }
}
