namespace ElasticDuckface.Schema;

/// <summary>The dialect-neutral kind of a column's SQL type; it decides how the column is measured and generated.</summary>
public enum ColumnCategory
{
    /// <summary>Whole numbers: TINYINT .. BIGINT, INTEGER.</summary>
    Integer,
    /// <summary>Exact decimals: DECIMAL, NUMERIC.</summary>
    Decimal,
    /// <summary>Floating point: FLOAT, DOUBLE, REAL.</summary>
    Float,
    /// <summary>BOOL, BOOLEAN, TINYINT(1), BIT(1).</summary>
    Boolean,
    /// <summary>Bounded character strings: CHAR, VARCHAR.</summary>
    String,
    /// <summary>Unbounded or large text: TEXT, MEDIUMTEXT, CLOB.</summary>
    Text,
    /// <summary>BINARY, VARBINARY, BLOB.</summary>
    Binary,
    /// <summary>DATE.</summary>
    Date,
    /// <summary>DATETIME, TIMESTAMP.</summary>
    DateTime,
    /// <summary>TIME.</summary>
    Time,
    /// <summary>MySQL YEAR.</summary>
    Year,
    /// <summary>MySQL ENUM.</summary>
    Enum,
    /// <summary>MySQL SET.</summary>
    Set,
    /// <summary>JSON.</summary>
    Json,
    /// <summary>Anything else (kept by its SQL type).</summary>
    Other,
}
