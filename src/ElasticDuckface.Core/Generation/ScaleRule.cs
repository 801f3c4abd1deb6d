namespace ElasticDuckface.Generation;

/// <summary>Which rule gave a table its scale factor.</summary>
public enum ScaleRule
{
    /// <summary>The global <see cref="ScaleOptions.Scale"/>.</summary>
    Global,
    /// <summary>A per-table override from <see cref="ScaleOptions.TableScales"/>.</summary>
    Override,
    /// <summary>Inherited from a parent table (see <see cref="TablePlan.InheritedFrom"/>).</summary>
    Inherited,
    /// <summary>Pinned to the profiled row count by <see cref="ScaleOptions.Keep"/>.</summary>
    Kept,
    /// <summary>Given its exact row count by <see cref="ScaleOptions.Rows"/> (<c>--rows TABLE=N</c>).</summary>
    Anchored,
}
