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

public sealed class TextShapeNamesAndAffixesTests
{
    [Theory]
    [InlineData("FirstName", TextShape.FirstName)]
    [InlineData("first_name", TextShape.FirstName)]
    [InlineData("given_name", TextShape.FirstName)]
    [InlineData("LastName", TextShape.LastName)]
    [InlineData("surname", TextShape.LastName)]
    [InlineData("Title", TextShape.Word)]
    [InlineData("city", TextShape.Word)]
    public void Single_capitalised_words_are_a_name_only_where_the_column_is_named_like_one(string column, TextShape expected) =>
        Assert.Equal(expected, TextShapeDetector.Detect(["Luís", "Leonie", "François", "Bjørn", "Helena"], column));

    [Theory]
    [InlineData("Name", TextShape.Name)]
    [InlineData("contact_name", TextShape.Name)]
    [InlineData("Title", TextShape.FreeText)]
    [InlineData("host_name", TextShape.FreeText)]
    public void Job_titles_are_not_person_names(string column, TextShape expected)
    {
        Assert.Equal(expected, TextShapeDetector.Detect(["Andrew Adams", "Nancy Edwards", "Jane Peacock", "Margaret Park"], column));
        Assert.Equal(TextShape.FreeText, TextShapeDetector.Detect(["General Manager", "Sales Support Agent", "IT Staff"], "Title"));
    }

    [Fact]
    public void A_constant_prefix_or_suffix_around_a_uuid_or_number_is_learned()
    {
        var requests = TextShapeDetector.Describe(
            ["req-0b7e9c3a-3f4e-4a8e-9f7e-1c2d3e4f5a6b", "req-7d1e6f0a-1111-4000-8000-000000000001"], "request_id");
        Assert.Equal((TextShape.Uuid, "req-", null, 4), (requests.Shape, requests.Prefix, requests.Suffix, requests.UuidVersion));
        var names = TextShapeDetector.Describe(["instance-0000002a", "instance-0000002b", "instance-000000ff"], "name");
        Assert.Equal((TextShape.Hex, "instance-"), (names.Shape, names.Prefix));
        var hosts = TextShapeDetector.Describe(["compute-01.example.org", "compute-02.example.org"], "host");
        Assert.Equal((TextShape.Digits, "compute-", ".example.org"), (hosts.Shape, hosts.Prefix, hosts.Suffix));
        // without the right to keep it (fewer than k values), the whole value's shape
        var unkept = TextShapeDetector.Describe(["compute-01.example.org", "compute-02.example.org"], "host", affixes: false);
        Assert.Equal(TextShape.Hostname, unkept.Shape);
        // a shared word before free text is no identifier
        Assert.Equal(TextShape.FreeText, TextShapeDetector.Detect(["Sales Manager", "Sales Support Agent"], "Title"));
    }

    [Fact]
    public void Uuids_of_no_single_version_have_none()
    {
        var v4 = TextShapeDetector.Describe(["0b7e9c3a-3f4e-4a8e-9f7e-1c2d3e4f5a6b", "7d1e6f0a-0000-4000-8000-000000000001"], "uuid");
        Assert.Equal(4, v4.UuidVersion);
        var random = TextShapeDetector.Describe(["0b7e9c3a-3f4e-fa8e-9f7e-1c2d3e4f5a6b", "7d1e6f0a-0000-0000-0000-000000000001"], "uuid");
        Assert.Equal((TextShape.Uuid, (int?)null), (random.Shape, random.UuidVersion));
    }
}

public sealed class TextValueFormatTests
{
    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss", "2005-05-24 22:53:30", "2006-02-14 15:16:03")]
    [InlineData("yyyy-MM-dd", "2005-05-24", "2006-02-14")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", "2005-05-24T22:53:30.123Z", "2006-02-14T15:16:03.000Z")]
    [InlineData("HH:mm", "07:30", "18:05")]
    [InlineData("dd.MM.yyyy", "24.05.2005", "14.02.2006")]
    public void Dates_are_detected_in_the_one_format_they_are_written_in(string format, string a, string b) =>
        Assert.Equal(format, TextValueFormat.DetectDates([a, b])?.Format);

    [Theory]
    [InlineData("2005-5-24", "2006-02-14")]
    [InlineData("2005-05-24", "tomorrow")]
    [InlineData("2005-05-24", "2006-02-14 10:00:00")]
    public void Mixed_or_loose_dates_are_not_a_format(string a, string b) => Assert.Null(TextValueFormat.DetectDates([a, b]));

    [Theory]
    [InlineData("0", "12", "-4", "0")]
    [InlineData("0.00", "0.99", "11.50", "-3.25")]
    [InlineData("0.###############", "0.5", "11.25", "3")]
    public void Numbers_are_detected_with_their_decimals(string format, string a, string b, string c) =>
        Assert.Equal(format, TextValueFormat.DetectNumbers([a, b, c])?.Format);

    [Theory]
    [InlineData("007", "12")]
    [InlineData("1e5", "12")]
    [InlineData("1,5", "12")]
    [InlineData("12345678901234567", "1")]
    public void Codes_with_leading_zeros_exponents_or_too_many_digits_are_not_numbers(string a, string b) =>
        Assert.Null(TextValueFormat.DetectNumbers([a, b]));

    [Fact]
    public void A_number_is_written_back_in_its_format() =>
        Assert.Equal(("3.10", "4", "0"),
            (TextValueFormat.Format(3.0999, "0.00"), TextValueFormat.Format(3.6, "0"), TextValueFormat.Format(-0.2, "0")));
}
