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
}
