using ElasticDuckface.Data.Profiling.Inference;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

public sealed class ForeignKeyReviewTests
{
    [Fact]
    public void A_review_file_reads_decisions_comments_and_qualified_names()
    {
        var review = ForeignKeyReview.Parse("""
            # reviewed by hand
            accept pci_devices.instance_uuid -> instances.uuid  # coverage 1.000
            REJECT tags.resource_id->instances.uuid

            add nova_api.instance_mappings.instance_uuid -> nova.instances.uuid
            """, "fks.txt");

        Assert.Equal(
            [
                new ReviewDecision(ReviewAction.Accept, new ColumnReference("pci_devices", "instance_uuid", "instances", "uuid"), 2),
                new ReviewDecision(ReviewAction.Reject, new ColumnReference("tags", "resource_id", "instances", "uuid"), 3),
                new ReviewDecision(ReviewAction.Add,
                    new ColumnReference("nova_api.instance_mappings", "instance_uuid", "nova.instances", "uuid"), 5),
            ],
            review.Decisions);
        Assert.Equal(ReviewAction.Reject, review.Find(new ColumnReference("Tags", "Resource_Id", "instances", "uuid"))?.Action);
    }

    [Theory]
    [InlineData("keep a.b -> c.d", "line 1: 'keep a.b -> c.d' is not a decision")]
    [InlineData("accept a.b c.d", "is not a decision")]
    [InlineData("accept a -> c.d", "is not a decision")]
    [InlineData("accept a.b -> c.d\nreject A.B -> c.d", "line 2: A.B -> c.d is also kept on line 1")]
    public void A_malformed_line_is_one_error_naming_the_line(string text, string expected)
    {
        var error = Assert.Throws<DuckfaceException>(() => ForeignKeyReview.Parse(text, "fks.txt"));
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("fks.txt line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_min_line_reads_the_fewest_children_and_the_foreign_key_beside_the_decisions()
    {
        var review = ForeignKeyReview.Parse("""
            min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId  # every invoice has a line
            accept pci_devices.instance_uuid -> instances.uuid
            MIN	3   nova_api.instance_mappings.instance_uuid->nova.instances.uuid
            """, "fks.txt");

        Assert.Equal(
            [
                new MinimumDecision(1, new ColumnReference("InvoiceLine", "InvoiceId", "Invoice", "InvoiceId"), 1),
                new MinimumDecision(3, new ColumnReference("nova_api.instance_mappings", "instance_uuid", "nova.instances", "uuid"), 3),
            ],
            review.Minimums);
        Assert.Equal(ReviewAction.Accept, Assert.Single(review.Decisions).Action);
        Assert.Equal("min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId", review.Minimums[0].ToString());
        Assert.Empty(ForeignKeyReview.Parse("accept a.b -> c.d", "fks.txt").Minimums);
    }

    [Theory]
    [InlineData("min 0 a.b -> c.d", "line 1: the minimum 0 of a.b -> c.d asks for no child: give 1 or more")]
    [InlineData("min -2 a.b -> c.d", "line 1: the minimum -2 of a.b -> c.d asks for no child")]
    [InlineData("min one a.b -> c.d", "line 1: the minimum 'one' of a.b -> c.d is not a whole number: write the fewest children "
        + "of every parent, e.g. 'min 1 a.b -> c.d'")]
    [InlineData("min 1.5 a.b -> c.d", "the minimum '1.5' of a.b -> c.d is not a whole number")]
    [InlineData("min 99999999999 a.b -> c.d", "the minimum '99999999999' of a.b -> c.d is not a whole number")]
    [InlineData("# header\nmin 1", "line 2: 'min 1' is not a minimum: write 'min N CHILD_TABLE.COLUMN -> PARENT_TABLE.COLUMN'")]
    [InlineData("min", "line 1: 'min' is not a minimum")]
    [InlineData("min a.b -> c.d", "'min a.b -> c.d' is not a minimum")]
    [InlineData("min 1 a -> c.d", "'min 1 a -> c.d' is not a minimum")]
    [InlineData("minimum 1 a.b -> c.d", "is not a decision: write 'accept|reject|add CHILD_TABLE.COLUMN -> PARENT_TABLE.COLUMN' or "
        + "'min N CHILD_TABLE.COLUMN -> PARENT_TABLE.COLUMN'")]
    public void A_malformed_min_line_is_one_error_naming_the_line_and_the_fix(string text, string expected)
    {
        var error = Assert.Throws<DuckfaceException>(() => ForeignKeyReview.Parse(text, "fks.txt"));
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.StartsWith("fks.txt line ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
