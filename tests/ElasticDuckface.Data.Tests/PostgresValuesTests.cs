using ElasticDuckface.Data.Dialects.Postgres;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// The conversions of <see cref="PostgresValues"/> (issue 12): a generated text that is a value of the type is kept, any other
/// becomes a valid value derived from it, the same for the same text. The server's acceptance is proven by
/// <see cref="PostgresTypesRoundTripTests"/>.
/// </summary>
public sealed class PostgresValuesTests
{
    [Theory]
    [InlineData("{1,2,3}", new[] { "1", "2", "3" })]
    [InlineData("[1, 2, 3]", new[] { "1", "2", "3" })]
    [InlineData("[[1, 2], [3]]", new[] { "1", "2", "3" })]
    [InlineData("{\"a b\",c,\"d\\\"e\"}", new[] { "a b", "c", "d\"e" })]
    [InlineData("[\"x\", \"y\"]", new[] { "x", "y" })]
    [InlineData("{{1,2},{3,4}}", new[] { "1", "2", "3", "4" })]
    [InlineData("[1:2]={5,6}", new[] { "5", "6" })]
    [InlineData("{}", new string[0])]
    [InlineData("plain", new[] { "plain" })]
    public void An_array_is_read_from_its_json_or_text_form(string text, string[] elements) =>
        Assert.Equal(elements, PostgresValues.Elements(text));

    [Fact]
    public void Null_elements_are_null_only_when_unquoted()
    {
        Assert.Equal([null, "NULL"], PostgresValues.Elements("{NULL,\"NULL\"}"));
        Assert.Equal([null, "1"], PostgresValues.Elements("[null, 1]"));
    }

    [Fact]
    public void Addresses_are_parsed_or_derived_and_a_cidr_has_no_host_bits()
    {
        Assert.Equal("10.0.1.7/24", $"{PostgresValues.Inet("10.0.1.7/24").Address}/{PostgresValues.Inet("10.0.1.7/24").Netmask}");
        Assert.Equal("192.168.1.0/24", PostgresValues.Cidr("192.168.1.77/24").ToString());
        Assert.Equal("2001:db8::/32", PostgresValues.Cidr("2001:db8::1/32").ToString());
        Assert.Equal(PostgresValues.Inet("not an address"), PostgresValues.Inet("not an address"));
        Assert.Equal(32, PostgresValues.Cidr("nonsense").PrefixLength);
        Assert.Equal("08002B010203", PostgresValues.MacAddress("08:00:2b:01:02:03", 6).ToString());
        Assert.Equal(8, PostgresValues.MacAddress("anything", 8).GetAddressBytes().Length);
    }

    [Fact]
    public void Bit_strings_keep_their_length_rules()
    {
        Assert.Equal("0101", Bits(PostgresValues.Bits(5L, 4, exact: true)));
        Assert.Equal("0011", Bits(PostgresValues.Bits("11", 4, exact: true)));
        Assert.Equal("1010", Bits(PostgresValues.Bits("101011", 4, exact: false)));
        Assert.Equal(3, PostgresValues.Bits("xyz", 8, exact: false).Length);
        Assert.Equal(Bits(PostgresValues.Bits("xyz", 8, exact: false)), Bits(PostgresValues.Bits("xyz", 8, exact: false)));
    }

    [Fact]
    public void Tsvector_and_xml_are_always_valid()
    {
        Assert.Equal("'fox' 'quick'", PostgresValues.TsVector("'fox':3 'quick':2").ToString());
        Assert.Equal("'don' 'fox' 't'", PostgresValues.TsVector("Don't fox!").ToString());
        Assert.Equal("<a n=\"1\">v</a>", PostgresValues.Xml("<a n=\"1\">v</a>"));
        Assert.Equal("a &lt; b &amp; c", PostgresValues.Xml("a < b & c"));
        Assert.Equal(TimeSpan.FromSeconds(90), PostgresValues.Interval(90.0));
    }

    [Theory]
    [InlineData("01:30:00", 5400)]
    [InlineData("2 days 03:00:00", 183600)]
    [InlineData("1 day", 86400)]
    [InlineData("42.5", 42.5)]
    public void An_interval_from_an_older_profiles_text_is_read(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), PostgresValues.Interval(text));

    [Fact]
    public void Any_other_interval_text_gives_a_time_of_day_derived_from_it()
    {
        var derived = PostgresValues.Interval("1 mon 3 days");
        Assert.Equal(derived, PostgresValues.Interval("1 mon 3 days"));
        Assert.InRange(derived, TimeSpan.Zero, TimeSpan.FromDays(1));
    }

    private static string Bits(System.Collections.BitArray bits) =>
        string.Concat(Enumerable.Range(0, bits.Length).Select(i => bits[i] ? '1' : '0'));
}
