using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
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

    private static ColumnProfile Integer(string name, bool nullable = false) =>
        new() { Name = name, SqlType = "INTEGER", Category = ColumnCategory.Integer, Nullable = nullable };
}
