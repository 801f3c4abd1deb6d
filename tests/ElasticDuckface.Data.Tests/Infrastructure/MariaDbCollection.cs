namespace ElasticDuckface.Data.Tests.Infrastructure;

/// <summary>Every test class that needs MySQL/MariaDB joins this collection: one shared server, tests run one class at a time.</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix",
    Justification = "xunit collection definitions are conventionally named *Collection.")]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>
{
    public const string Name = "MariaDB";
}
