namespace ElasticDuckface.ExistingSchema;

/// <summary>What differs between the profile and an existing target schema (see <see cref="SchemaDifference"/>).</summary>
public enum SchemaDifferenceKind
{
    /// <summary>No profile table is in the target at all (the wrong database, or the migrations were not run).</summary>
    NoTableInCommon,

    /// <summary>A profile table is absent from the target.</summary>
    TableMissingInTarget,

    /// <summary>A target table the profile does not have: left untouched.</summary>
    TableOnlyInTarget,

    /// <summary>A table named by <c>--exclude</c> or a bookkeeping table (<c>alembic_version</c>): left untouched.</summary>
    TableExcluded,

    /// <summary>A name given to <c>--exclude</c> that neither the profile nor the target has.</summary>
    UnknownExclude,

    /// <summary>A profile column the target table lacks: left out.</summary>
    ColumnMissingInTarget,

    /// <summary>A target column the profile lacks: left to its default (or NULL).</summary>
    ColumnOnlyInTarget,

    /// <summary>A target column the profile lacks that is NOT NULL without a default: no value can be inserted.</summary>
    NotNullWithoutDefault,

    /// <summary>The type categories differ (converted, or impossible).</summary>
    TypeDiffers,

    /// <summary>The target column is narrower than the profile's (text cut to fit).</summary>
    NarrowerColumn,

    /// <summary>The target column is an ENUM or SET whose members do not cover the profile's values.</summary>
    EnumMembers,

    /// <summary>Nullability differs.</summary>
    NullabilityDiffers,

    /// <summary>Primary or unique keys differ.</summary>
    KeyDiffers,

    /// <summary>A foreign key the target declares that the profile does not know.</summary>
    ForeignKeyOnlyInTarget,

    /// <summary>A reference the profile has that the target does not declare (still generated as a reference).</summary>
    ForeignKeyOnlyInProfile,

    /// <summary>A reference (declared in the target or in the profile) to a table the run does not fill.</summary>
    ForeignKeyToUnfilledTable,
}
