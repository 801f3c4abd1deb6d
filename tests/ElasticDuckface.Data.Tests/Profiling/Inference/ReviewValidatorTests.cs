using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

/// <summary>The review file's <c>min</c> lines checked against the real Chinook schema (read from the SQLite file).</summary>
public sealed class ReviewValidatorTests
{
    private static async Task<IReadOnlyList<TableProfile>> ChinookSchemaAsync()
    {
        await using var source = await SourceDatabase.OpenReadOnlyAsync(DatabaseLocation.Parse(TestFiles.ChinookSqlite),
            CancellationToken.None);
        return await source.ReadSchemaAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_min_line_is_spelled_as_the_schema_spells_its_names()
    {
        var review = ForeignKeyReview.Parse("min 1 invoiceline.INVOICEID -> Invoice.invoiceid\nmin 2 Track.AlbumId -> Album.AlbumId",
            "fks.txt");

        var minimums = ReviewValidator.ValidateMinimums(review, await ChinookSchemaAsync());

        Assert.Equal(
            [
                new MinimumDecision(1, new ColumnReference("InvoiceLine", "InvoiceId", "Invoice", "InvoiceId"), 1),
                new MinimumDecision(2, new ColumnReference("Track", "AlbumId", "Album", "AlbumId"), 2),
            ],
            minimums);
    }

    [Theory]
    [InlineData("min 1 Nope.InvoiceId -> Invoice.InvoiceId", "fks.txt line 1: no table 'Nope' in the source: fix the name")]
    [InlineData("min 1 InvoiceLine.InvoiceId -> Nope.InvoiceId", "fks.txt line 1: no table 'Nope' in the source")]
    [InlineData("min 1 InvoiceLine.Nope -> Invoice.InvoiceId", "fks.txt line 1: table 'InvoiceLine' has no column 'Nope': fix the name")]
    [InlineData("min 1 InvoiceLine.InvoiceId -> Invoice.Nope", "fks.txt line 1: table 'Invoice' has no column 'Nope'")]
    [InlineData("min 1 Employee.ReportsTo -> Employee.EmployeeId",
        "fks.txt line 1: Employee.ReportsTo -> Employee.EmployeeId is a self-reference, whose minimum no finite table can meet: "
        + "remove the line.")]
    [InlineData("min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId\n# again\nmin 2 invoiceline.invoiceid -> INVOICE.INVOICEID",
        "fks.txt line 3: InvoiceLine.InvoiceId -> Invoice.InvoiceId is also given a minimum on line 1: keep one of the two lines.")]
    [InlineData("min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId\nmin 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId",
        "fks.txt line 2: InvoiceLine.InvoiceId -> Invoice.InvoiceId is also given a minimum on line 1")]
    public async Task A_min_line_naming_what_the_schema_lacks_or_cannot_meet_is_one_error(string text, string expected)
    {
        var schema = await ChinookSchemaAsync();
        var review = ForeignKeyReview.Parse(text, "fks.txt");

        var error = Assert.Throws<DuckfaceException>(() => ReviewValidator.ValidateMinimums(review, schema));

        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
