using MathNet.Numerics;

namespace ElasticDuckface.Statistics;

/// <summary>
/// ln k! from a table shared by every caller, built on first use: the binomial kernels of the growth model need it for
/// every cell of their bands, and lnΓ there was most of the time a kernel took to build.
/// </summary>
/// <remarks>Entries are lnΓ(k + 1) at every multiple of <see cref="Anchor"/> and the sum of ln j from there, so an entry
/// is the same whatever size the table had when it was read (deterministic) and within ~1e-13 of lnΓ. Above
/// <see cref="Limit"/> lnΓ itself is used.</remarks>
internal static class LogFactorial
{
    private const int Anchor = 256;
    private const int Limit = 1 << 18;
    private static volatile double[] _table = Build(4096);

    /// <summary>ln <paramref name="k"/>! (k ≥ 0).</summary>
    public static double Of(long k)
    {
        var table = _table;
        if (k < table.Length)
            return table[k];
        if (k >= Limit)
            return SpecialFunctions.GammaLn(k + 1.0);
        // a larger table replaces the old one; a concurrent reader keeps the old, whose entries are the same
        var grown = Build((int)Math.Min(Limit, Math.Max(2L * table.Length, k + 1)));
        _table = grown;
        return grown[k];
    }

    private static double[] Build(int length)
    {
        var table = new double[length];
        for (var k = 0; k < length; k++)
            table[k] = k % Anchor == 0 ? SpecialFunctions.GammaLn(k + 1.0) : table[k - 1] + Math.Log(k);
        return table;
    }
}
