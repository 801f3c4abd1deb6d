using ElasticDuckface.Cli.Progress;

namespace ElasticDuckface.Cli.Tests;

/// <summary>The live display's words: rates, time left, durations (no timing: fixed counts and elapsed times).</summary>
public sealed class ProgressTextTests
{
    [Theory]
    [InlineData(500, 1.0, "500 rows/s")]
    [InlineData(8_400, 1.0, "8.4k rows/s")]
    [InlineData(412_000, 1.0, "412k rows/s")]
    [InlineData(2_500_000, 2.0, "1.25M rows/s")]
    [InlineData(999_600, 1.0, "1.00M rows/s")]
    [InlineData(0, 3.0, "-- rows/s")]
    [InlineData(1_000, 0.05, "-- rows/s")]
    public void Rate_is_the_average_so_far_in_k_and_M(long rows, double seconds, string expected) =>
        Assert.Equal(expected, ProgressText.Rate(rows, TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(100_000, 400_000, 2.0, "ETA 0:06")]
    [InlineData(1_000, 1_000_000, 10.0, "ETA 2:46:30")]
    [InlineData(65_536, 175_150, 2.5, "ETA 0:05")]
    [InlineData(500, 500, 1.0, "ETA 0:00")]
    [InlineData(600, 500, 1.0, "ETA 0:00")]
    [InlineData(0, 500, 1.0, "ETA --:--")]
    [InlineData(10, 500, 0.01, "ETA --:--")]
    public void Eta_is_the_rest_at_the_average_rate(long rows, long target, double seconds, string expected) =>
        Assert.Equal(expected, ProgressText.Eta(rows, target, TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(0, "0:00")]
    [InlineData(0.2, "0:01")]
    [InlineData(59, "0:59")]
    [InlineData(61, "1:01")]
    [InlineData(3_600, "1:00:00")]
    [InlineData(90_061, "25:01:01")]
    public void Duration_is_minutes_and_seconds_then_hours(double seconds, string expected) =>
        Assert.Equal(expected, ProgressText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Rows_are_grouped_invariantly() => Assert.Equal("1,234,567 / 2,000,000 rows", ProgressText.Rows(1_234_567, 2_000_000));
}
