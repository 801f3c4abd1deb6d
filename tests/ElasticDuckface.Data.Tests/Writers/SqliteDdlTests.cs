using ElasticDuckface.Data.Dialects.Sqlite;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

public class SqliteDdlTests
{
    [Fact]
    public void Create_table_maps_categories_and_quotes_every_identifier()
    {
        var tables = Awkward();

        var ddl = SqliteDdl.CreateTable(Table(tables, "order"), "mysql", tables);

        Assert.Equal(
            """
            CREATE TABLE "order" (
                "id" INTEGER PRIMARY KEY NOT NULL,
                "customer_region" VARCHAR(8) NOT NULL,
                "customer_no" INTEGER NOT NULL,
                "parent" INTEGER,
                "amount" NUMERIC(10,2),
                "weight" REAL,
                "paid" INTEGER,
                "placed" DATETIME,
                "ship" DATE,
                "at" TIME,
                "blob" BLOB,
                CONSTRAINT "fk_order_customer" FOREIGN KEY ("customer_region", "customer_no") REFERENCES "customer" ("region", "no"),
                CONSTRAINT "fk_order_parent" FOREIGN KEY ("parent") REFERENCES "order" ("id")
            )
            """.ReplaceLineEndings("\n"),
            ddl);
    }

    [Fact]
    public void Composite_primary_key_unique_key_and_quotes_inside_names_are_rendered_as_table_constraints()
    {
        var ddl = SqliteDdl.CreateTable(Table(Awkward(), "customer"), "mysql");

        Assert.Equal(
            """"
            CREATE TABLE "customer" (
                "region" VARCHAR(8) NOT NULL,
                "no" INTEGER NOT NULL,
                "full name" VARCHAR(40),
                "naïve ""q""" TEXT,
                PRIMARY KEY ("region", "no"),
                CONSTRAINT "uq_full name" UNIQUE ("full name")
            )
            """".ReplaceLineEndings("\n"),
            ddl);
    }

    [Fact]
    public void A_sqlite_profile_keeps_declared_types_defaults_and_autoincrement()
    {
        var table = new TableProfile
        {
            Name = "t",
            Columns =
            [
                new ColumnProfile { Name = "id", SqlType = "INTEGER", Category = ColumnCategory.Integer, AutoIncrement = true },
                new ColumnProfile { Name = "n", SqlType = "NVARCHAR(7)", Category = ColumnCategory.String, Nullable = true,
                    Default = "'x'" },
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
        };

        Assert.Equal(
            "CREATE TABLE \"t\" (\n    \"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,\n    \"n\" NVARCHAR(7) DEFAULT 'x'\n)",
            SqliteDdl.CreateTable(table, "sqlite"));
    }

    [Fact]
    public void Script_renames_an_index_whose_name_another_table_already_uses()
    {
        var script = SqliteDdl.Script(Awkward(), "mysql");

        Assert.Equal(
            ["CREATE INDEX \"ix_placed\" ON \"order\" (\"placed\")", "CREATE INDEX \"b_ix_placed\" ON \"b\" (\"a_id\")"],
            script.Where(s => s.StartsWith("CREATE INDEX", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_foreign_key_to_a_table_outside_the_schema_is_left_out()
    {
        var tables = Awkward().Where(t => t.Name != "customer").ToList();

        var ddl = SqliteDdl.CreateTable(Table(tables, "order"), "mysql", tables);

        Assert.DoesNotContain("fk_order_customer", ddl, StringComparison.Ordinal);
        Assert.Contains("fk_order_parent", ddl, StringComparison.Ordinal);
    }
}
