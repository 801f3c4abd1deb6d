namespace ElasticDuckface.Verification;

/// <summary>The integrity checks <c>duckface verify</c> runs on the target with SQL; any failure fails verification.</summary>
public enum HardCheckKind
{
    /// <summary>A table of the profile does not exist in the target.</summary>
    MissingTable,

    /// <summary>A column of the profile does not exist in the target table.</summary>
    MissingColumn,

    /// <summary>The table's row count differs from the generation plan's.</summary>
    RowCount,

    /// <summary>Child rows whose non-null reference has no parent row.</summary>
    Orphans,

    /// <summary>Key values held by more than one row (primary key, or unique key ignoring rows with a NULL in the key).</summary>
    DuplicateKey,

    /// <summary>NULLs in a column the profile declares NOT NULL.</summary>
    NotNull,

    /// <summary>
    /// Parent rows with fewer children than their foreign key's declared minimum (<c>minChildren</c>); run only for a
    /// foreign key that declares one.
    /// </summary>
    BelowMinimum,
}
