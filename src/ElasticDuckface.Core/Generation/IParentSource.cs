namespace ElasticDuckface.Generation;

/// <summary>One foreign key's parent per child row, read row by row (the streamed assignment's sources).</summary>
internal interface IParentSource
{
    /// <summary>Row <paramref name="row"/>'s parent index, or -1 for NULL.</summary>
    long Parent(long row);
}
