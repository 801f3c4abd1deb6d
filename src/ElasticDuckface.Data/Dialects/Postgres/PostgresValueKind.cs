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
    /// <summary><c>interval</c> from <see cref="System.TimeSpan"/> (a duration).</summary>
    Interval,
    /// <summary><c>inet</c>: parsed from the text, or an IPv4 address derived from it when it is not one.</summary>
    Inet,
    /// <summary><c>cidr</c>: parsed from the text (host bits cleared), or a /32 network derived from it.</summary>
    Cidr,
    /// <summary><c>macaddr</c>: parsed from the text, or six bytes derived from it.</summary>
    MacAddr,
    /// <summary><c>macaddr8</c>: parsed from the text, or eight bytes derived from it.</summary>
    MacAddr8,
    /// <summary><c>bit(n)</c>, n &gt; 1: the low n bits of the generated integer, exactly n long.</summary>
    BitString,
    /// <summary><c>bit varying(n)</c>: the text's 0/1 digits, or bits derived from it, at most n long.</summary>
    VarBit,
    /// <summary><c>tsvector</c>: parsed from its text form, or the words of the text as lexemes.</summary>
    TsVector,
    /// <summary><c>xml</c>: the text when it is well-formed content, else the text escaped as one text node.</summary>
    Xml,
    /// <summary>A one-dimensional array of <see cref="PostgresColumn.Element"/>, from the text form (<c>{1,2,3}</c>).</summary>
    Array,
}
