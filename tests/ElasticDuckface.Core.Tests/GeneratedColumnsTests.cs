using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests;

public sealed class GeneratedColumnsTests
{
    private static ColumnProfile Column(string name, GeneratedColumn? generated = null) =>
        new() { Name = name, SqlType = "int", Category = ColumnCategory.Integer, Nullable = true, Generated = generated };

    private static ColumnStatistics Empty => new() { Distribution = new EmptyDistribution() };

    [Fact]
    public void A_profile_without_generated_columns_is_returned_as_it_is()
    {
        var profile = new DatabaseProfile
        {
            Source = new ProfileSource("mysql"), Settings = new ProfileSettings(),
            Tables = [new TableProfile { Name = "t", Columns = [Column("id")] }],
        };

        Assert.Same(profile, GeneratedColumns.Without(profile));
    }

    [Fact]
    public void Generated_columns_go_with_every_key_index_foreign_key_state_and_ordering_that_names_them()
    {
        var g = new GeneratedColumn("`a` * 2", Stored: false);
        var parent = new TableProfile
        {
            Name = "p",
            Columns = [Column("id"), Column("code", g)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            UniqueKeys = [new KeyProfile("uq_code", ["code"])],
        };
        var child = new TableProfile
        {
            Name = "c",
            Columns = [Column("id"), Column("a"), Column("twice", g), Column("p_id"), Column("p_code")],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            UniqueKeys = [new KeyProfile("uq_twice", ["twice", "a"]), new KeyProfile("uq_a", ["a"])],
            Indexes = [new IndexProfile("ix_twice", ["twice"], false), new IndexProfile("ix_a", ["a"], false)],
            ForeignKeys =
            [
                new ForeignKeyProfile { Name = "fk_id", Columns = ["p_id"], ReferencedTable = "p", ReferencedColumns = ["id"] },
                new ForeignKeyProfile { Name = "fk_code", Columns = ["p_code"], ReferencedTable = "p", ReferencedColumns = ["code"] },
            ],
            JointForeignKeys = [new JointForeignKeyProfile { First = new("fk_code", ["p_code"]), Second = new("fk_id", ["p_id"]) }],
            RowState = new RowStateProfile
            {
                Column = "a",
                Columns =
                [
                    new ConditionalColumnProfile { Name = "twice", WhenSet = Empty, WhenUnset = Empty },
                    new ConditionalColumnProfile { Name = "p_id", WhenSet = Empty, WhenUnset = Empty },
                ],
                Parents = [new ParentStateProfile { ForeignKey = new("fk_code", ["p_code"]) }],
            },
            Orderings = [new ColumnOrderingProfile { Column = "twice", After = "a", GapSeconds = [] }],
        };
        var profile = new DatabaseProfile
        {
            Source = new ProfileSource("mysql"), Settings = new ProfileSettings(), Tables = [child, parent],
        };

        var tables = GeneratedColumns.Without(profile).Tables.ToDictionary(t => t.Name);

        Assert.Equal(["id"], tables["p"].Columns.Select(c => c.Name));
        Assert.Empty(tables["p"].UniqueKeys);
        var c = tables["c"];
        Assert.Equal(["id", "a", "p_id", "p_code"], c.Columns.Select(x => x.Name));
        Assert.Equal(["uq_a"], c.UniqueKeys.Select(k => k.Name));
        Assert.Equal(["ix_a"], c.Indexes.Select(i => i.Name));
        Assert.Equal(["fk_id"], c.ForeignKeys.Select(f => f.Name));
        Assert.Empty(c.JointForeignKeys);
        Assert.Equal(["p_id"], c.RowState!.Columns.Select(x => x.Name));
        Assert.Empty(c.RowState.Parents);
        Assert.Empty(c.Orderings);
        // the schema is untouched: the writer still creates every column
        Assert.Equal(5, profile.Tables[0].Columns.Count);
    }
}
