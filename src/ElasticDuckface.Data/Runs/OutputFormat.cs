namespace ElasticDuckface.Data.Runs;

/// <summary>File formats of <c>generate --format</c>.</summary>
public enum OutputFormat
{
    /// <summary>A MySQL-dialect SQL script.</summary>
    Sql,

    /// <summary>One CSV file per table.</summary>
    Csv,

    /// <summary>One Parquet file per table, typed columns (for Spark, Trino, DuckDB; docs/scale-out.md).</summary>
    Parquet,
}
