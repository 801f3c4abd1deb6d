namespace ElasticDuckface.Sweep;

/// <summary>How a measure grows with the row count n, simplest first: the order the fit rule tries them in.</summary>
public enum GrowthModel
{
    /// <summary>y = a: the cost does not depend on n.</summary>
    Constant,

    /// <summary>y = a + b·n.</summary>
    Linear,

    /// <summary>y = a + b·n·ln n (a sort, a B-tree built by insertion).</summary>
    NLogN,

    /// <summary>y = a + b·n² (a nested loop over the table, a per-row scan).</summary>
    Quadratic,
}

/// <summary>The basis function and the words of each <see cref="GrowthModel"/>.</summary>
public static class GrowthModels
{
    /// <summary>f(n) of y = a + b·f(n); 1 for <see cref="GrowthModel.Constant"/>.</summary>
    public static double Basis(this GrowthModel model, double n) => model switch
    {
        GrowthModel.Constant => 1,
        GrowthModel.Linear => n,
        GrowthModel.NLogN => n * Math.Log(Math.Max(n, 1)),
        GrowthModel.Quadratic => n * n,
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The model as people write it: <c>constant</c>, <c>linear</c>, <c>n log n</c>, <c>quadratic</c>.</summary>
    public static string Words(this GrowthModel model) => model switch
    {
        GrowthModel.Constant => "constant",
        GrowthModel.Linear => "linear",
        GrowthModel.NLogN => "n log n",
        GrowthModel.Quadratic => "quadratic",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>Whether the model grows faster than n (the sweep flags it).</summary>
    public static bool IsSuperLinear(this GrowthModel model) => model > GrowthModel.Linear;
}
