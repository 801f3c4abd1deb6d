namespace ElasticDuckface.Data.Dialects.Postgres;

/// <summary>How a generated value is sent in binary COPY: the PostgreSQL type it is encoded as.</summary>
internal enum PostgresValueKind
{
    /// <summary><c>smallint</c> from <see cref="long"/>.</summary>
    Int16,
    /// <summary><c>integer</c> from <see cref="long"/>.</summary>
    Int32,
    /// <summary><c>bigint</c> from <see cref="long"/>.</summary>
    Int64,
    /// <summary><c>numeric</c> from <see cref="decimal"/>.</summary>
    Numeric,
    /// <summary><c>money</c> from <see cref="decimal"/>.</summary>
    Money,
    /// <summary><c>real</c> from <see cref="double"/>.</summary>
    Real,
    /// <summary><c>double precision</c> from <see cref="double"/>.</summary>
    Double,
    /// <summary><c>boolean</c> from <see cref="bool"/>.</summary>
    Boolean,
    /// <summary><c>bit(1)</c> from <see cref="bool"/>.</summary>
    Bit,
    /// <summary><c>text</c>, <c>varchar</c>, <c>char</c>: text's binary form (NUL characters dropped).</summary>
    Text,
    /// <summary><c>bytea</c> from <see cref="byte"/>[].</summary>
    Bytea,
    /// <summary><c>date</c> from <see cref="System.DateTime"/>.</summary>
    Date,
    /// <summary><c>timestamp</c> from <see cref="System.DateTime"/>.</summary>
    Timestamp,
    /// <summary><c>timestamptz</c>: the generated wall-clock time read as UTC.</summary>
    TimestampTz,
    /// <summary><c>time</c> from <see cref="System.TimeSpan"/> (wrapped into one day).</summary>
    Time,
    /// <summary><c>timetz</c>: the time at UTC.</summary>
    TimeTz,
    /// <summary><c>json</c> from its text.</summary>
    Json,
    /// <summary><c>jsonb</c> from its text.</summary>
    Jsonb,
    /// <summary><c>uuid</c>: parsed from the text, or a UUID derived from it (SHA-256) when it is not one.</summary>
    Uuid,
    /// <summary>An enum type, sent by its type name.</summary>
    Enum,
}
