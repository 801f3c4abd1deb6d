using ElasticDuckface.Data.Dialects.MySql;
using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

/// <summary>
/// Issue 10: an undeclared reference (inferred or added by review) is generated like a foreign key, but no DDL writer
/// makes it a constraint.
/// </summary>
public sealed class UndeclaredReferenceDdlTests
{
    private static readonly IReadOnlyList<TableProfile> s_tables =
    [
        new TableProfile
        {
            Name = "instances",
            Columns = [Col("id", "INTEGER", ColumnCategory.Integer), Col("uuid", "VARCHAR(36)", ColumnCategory.String, length: 36)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            UniqueKeys = [new KeyProfile("uniq_uuid", ["uuid"])],
        },
        new TableProfile
        {
            Name = "pci_devices",
            Columns =
            [
                Col("id", "INTEGER", ColumnCategory.Integer), Col("instance_id", "INTEGER", ColumnCategory.Integer, nullable: true),
                Col("instance_uuid", "VARCHAR(36)", ColumnCategory.String, nullable: true, length: 36),
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            ForeignKeys =
            [
                Fk("declared_fk", ["instance_id"], "instances", ["id"]),
                Fk("inferred_instance_uuid_instances", ["instance_uuid"], "instances", ["uuid"]) with { Declared = false },
            ],
        },
    ];

    private static TableProfile Child => s_tables[1];

    [Fact]
    public void Sqlite_ddl_declares_only_the_declared_key()
    {
        var sql = SqliteDdl.CreateTable(Child, "sqlite", s_tables);
        Assert.Contains("\"declared_fk\" FOREIGN KEY", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("inferred_", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void MySql_and_postgres_ddl_add_only_the_declared_key() =>
        Assert.Equal(
            [
                "ALTER TABLE `pci_devices` ADD CONSTRAINT `declared_fk` FOREIGN KEY (`instance_id`) REFERENCES `instances` (`id`)",
                "ALTER TABLE \"pci_devices\" ADD CONSTRAINT \"declared_fk\" FOREIGN KEY (\"instance_id\") "
                    + "REFERENCES \"instances\" (\"id\")",
            ],
            [.. MySqlDdl.AddForeignKeys(Child), .. PostgresDdl.AddForeignKeys(Child, new HashSet<string>())]);

    [Fact]
    public async Task The_sql_script_declares_only_the_declared_key()
    {
        using var dir = new TempDirectory();
        await using (var writer = await SqlScriptWriter.CreateAsync(dir.File("o.sql"), replace: false))
        {
            await writer.CreateSchemaAsync(s_tables);
            await writer.CompleteAsync();
        }

        var script = await File.ReadAllTextAsync(dir.File("o.sql"));
        Assert.Contains("ADD CONSTRAINT `declared_fk`", script, StringComparison.Ordinal);
        Assert.DoesNotContain("inferred_", script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_profile_lists_both_keys_but_only_the_declared_one_is_a_constraint() =>
        Assert.Equal(["declared_fk"], Child.ConstraintForeignKeys.Select(f => f.Name));
}
