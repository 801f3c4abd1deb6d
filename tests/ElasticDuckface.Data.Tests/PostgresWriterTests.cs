using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresWriterTests(PostgresServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    [PostgresFact]
    public async Task An_orphan_row_makes_complete_fail_with_one_line_naming_the_foreign_key()
    {
        var parent = new TableProfile
        {
            Name = "parent",
            Columns = [Integer("id")],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
        };
        var child = new TableProfile
        {
            Name = "child row",
            Columns = [Integer("id"), Integer("parent_id", nullable: true), Integer("boss", nullable: true)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            ForeignKeys =
            [
                new ForeignKeyProfile
                {
                    Name = "FK_child_parent", Columns = ["parent_id"], ReferencedTable = "parent", ReferencedColumns = ["id"],
                },
                new ForeignKeyProfile
                {
                    Name = "FK_child_boss", Columns = ["boss"], ReferencedTable = "child row", ReferencedColumns = ["id"],
                },
            ],
        };
        var url = await server.CreateDatabaseAsync("orphans");
        var options = new WriterOptions(false, "sqlite", DatabaseEngines.TypesFor("sqlite"));
        await using var writer = await PostgresWriter.OpenAsync(PostgresServer.Parse(url), options);
        await writer.CreateSchemaAsync([parent, child], s_ct);
        await writer.WriteRowsAsync(parent, [], s_ct);
        await writer.WriteRowsAsync(child, [[1L, 42L, null], [2L, null, 1L]], s_ct);

        var ex = await Assert.ThrowsAsync<DatabaseOperationException>(() => writer.CompleteAsync(s_ct));

        Assert.Contains("table 'child row' has 1 rows whose FK_child_parent finds no row in 'parent'", ex.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain("FK_child_boss", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [PostgresFact]
    public async Task The_loaded_rows_are_the_same_with_one_connection_and_with_several()
    {
        // Chinook ×2: PlaylistTrack's 17,430 rows are split between the COPY streams in batches of 2,048
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2, Seed = 7 });
        Assert.True(plan.Tables.Max(t => t.TargetRows) > 4 * PostgresCopy.BatchRows);
        var hashes = new List<IReadOnlyList<string>>();
        foreach (var connections in new[] { 1, 3 })
        {
            var url = await server.CreateDatabaseAsync("streams" + connections);
            var options = WriterOptions.For(profile, false);
            await using (var writer = await PostgresWriter.OpenAsync(PostgresServer.Parse(url), options, connections, typed: false, s_ct))
                await DatabaseGenerator.RunAsync(profile, plan, writer, options.SourceTypes, cancellationToken: s_ct);
            var tables = new List<string>();
            foreach (var t in plan.Tables)
            {
                var count = await PostgresServer.ScalarAsync<long>(url, $"SELECT COUNT(*) FROM \"{t.Name}\"");
                Assert.Equal(t.TargetRows, count);
                tables.Add(await PostgresServer.ScalarAsync<string>(url,
                    $"SELECT md5(string_agg(r::text, E'\\n' ORDER BY r::text)) FROM \"{t.Name}\" r"));
            }

            hashes.Add(tables);
        }

        Assert.Equal(hashes[0], hashes[1]);
    }

    private static ColumnProfile Integer(string name, bool nullable = false) =>
        new() { Name = name, SqlType = "INTEGER", Category = ColumnCategory.Integer, Nullable = nullable };
}
