using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Core.Tests;

public sealed class TextShapeDetectorTests
{
    [Theory]
    [InlineData(TextShape.Uuid, "0b7e9c3a-3f4e-4a8e-9f7e-1c2d3e4f5a6b", "7d1e6f0a-0000-4000-8000-000000000001")]
    [InlineData(TextShape.Ipv4, "10.0.0.1", "192.168.12.200")]
    [InlineData(TextShape.Ipv6, "fe80::1", "2001:db8::ff00:42:8329")]
    [InlineData(TextShape.Mac, "fa:16:3e:00:11:22", "FA-16-3E-AA-BB-CC")]
    [InlineData(TextShape.Email, "luisg@embraer.com.br", "a.b@example.org")]
    [InlineData(TextShape.Hostname, "compute-01.example.org", "db.internal.lan")]
    [InlineData(TextShape.Digits, "12345", "007")]
    [InlineData(TextShape.Hex, "deadbeef00", "0123456789abcdef")]
    [InlineData(TextShape.FreeText, "For Those About To Rock", "Balls to the Wall")]
    public void Shapes_are_detected(TextShape expected, string a, string b) =>
        Assert.Equal(expected, TextShapeDetector.Detect([a, b]));
}
