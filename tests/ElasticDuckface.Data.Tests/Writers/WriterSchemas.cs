using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Data.Tests.Writers;

/// <summary>Small schemas for writer tests.</summary>
internal static class WriterSchemas
{
    public static ColumnProfile Col(string name, string sqlType, ColumnCategory category, bool nullable = false, long? length = null,
        int? precision = null, int? scale = null) =>
        new() { Name = name, SqlType = sqlType, Category = category, Nullable = nullable, Length = length, Precision = precision,
            Scale = scale };

    public static ForeignKeyProfile Fk(string name, string[] columns, string parent, string[] parentColumns) =>
        new() { Name = name, Columns = columns, ReferencedTable = parent, ReferencedColumns = parentColumns };

    /// <summary>
    /// A customer with a composite key and awkward column names; an "order" table (reserved word) with a composite FK to it,
    /// a self-reference and every value category; and two tables a ⇄ b that reference each other.
    /// </summary>
    public static IReadOnlyList<TableProfile> Awkward() =>
    [
        new TableProfile
        {
            Name = "customer",
            Columns =
            [
                Col("region", "varchar(8)", ColumnCategory.String, length: 8),
                Col("no", "int", ColumnCategory.Integer),
                Col("full name", "varchar(40)", ColumnCategory.String, nullable: true, length: 40),
                Col("naïve \"q\"", "text", ColumnCategory.Text, nullable: true),
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["region", "no"]),
            UniqueKeys = [new KeyProfile("uq_full name", ["full name"])],
        },
        new TableProfile
        {
            Name = "order",
            Columns =
            [
                Col("id", "bigint", ColumnCategory.Integer),
                Col("customer_region", "varchar(8)", ColumnCategory.String, length: 8),
                Col("customer_no", "int", ColumnCategory.Integer),
                Col("parent", "bigint", ColumnCategory.Integer, nullable: true),
                Col("amount", "decimal(10,2)", ColumnCategory.Decimal, nullable: true, precision: 10, scale: 2),
                Col("weight", "double", ColumnCategory.Float, nullable: true),
                Col("paid", "tinyint(1)", ColumnCategory.Boolean, nullable: true),
                Col("placed", "datetime", ColumnCategory.DateTime, nullable: true),
                Col("ship", "date", ColumnCategory.Date, nullable: true),
                Col("at", "time", ColumnCategory.Time, nullable: true),
                Col("blob", "varbinary(16)", ColumnCategory.Binary, nullable: true, length: 16),
            ],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            Indexes = [new IndexProfile("ix_placed", ["placed"], false)],
            ForeignKeys =
            [
                Fk("fk_order_customer", ["customer_region", "customer_no"], "customer", ["region", "no"]),
                Fk("fk_order_parent", ["parent"], "order", ["id"]),
            ],
        },
        new TableProfile
        {
            Name = "a",
            Columns = [Col("id", "int", ColumnCategory.Integer), Col("b_id", "int", ColumnCategory.Integer)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            ForeignKeys = [Fk("fk_a_b", ["b_id"], "b", ["id"])],
        },
        new TableProfile
        {
            Name = "b",
            Columns = [Col("id", "int", ColumnCategory.Integer), Col("a_id", "int", ColumnCategory.Integer, nullable: true)],
            PrimaryKey = new KeyProfile("PRIMARY", ["id"]),
            ForeignKeys = [Fk("fk_b_a", ["a_id"], "a", ["id"])],
            Indexes = [new IndexProfile("ix_placed", ["a_id"], false)],
        },
    ];

    public static TableProfile Table(IReadOnlyList<TableProfile> tables, string name) => tables.Single(t => t.Name == name);
}
