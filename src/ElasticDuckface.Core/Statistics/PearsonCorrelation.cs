namespace ElasticDuckface.Statistics;

/// <summary>Correlation coefficients from sums that a database aggregates, so no rows are pulled.</summary>
public static class PearsonCorrelation
{
    /// <summary>
    /// The Pearson correlation of n pairs (x, y) from Σx, Σy, Σx², Σy² and Σxy; 0 when n &lt; 2 or either variance is 0
    /// (no linear relation can be seen), clamped to [−1, 1] against rounding.
    /// </summary>
    public static double FromSums(long n, double sumX, double sumY, double sumXx, double sumYy, double sumXy)
    {
        if (n < 2)
            return 0;
        // n² times the (co)variances: exact for integer data while the sums stay below 2^53
        var covariance = (n * sumXy) - (sumX * sumY);
        var varianceX = (n * sumXx) - (sumX * sumX);
        var varianceY = (n * sumYy) - (sumY * sumY);
        if (varianceX <= 0 || varianceY <= 0)
            return 0;
        return Math.Clamp(covariance / Math.Sqrt(varianceX * varianceY), -1, 1);
    }
}
