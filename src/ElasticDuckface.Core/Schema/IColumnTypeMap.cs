using ElasticDuckface.Profiles;

namespace ElasticDuckface.Schema;

/// <summary>Reads an engine's declared column types into <see cref="ColumnType"/>; each database engine has one.</summary>
public interface IColumnTypeMap
{
    /// <summary>The engine-neutral type of a column profiled from this engine.</summary>
    ColumnType Canonical(ColumnProfile column);
}
