using ElasticDuckface.Data.Tests.Infrastructure;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary><see cref="IntoExistingTests{TFixture}"/> on the shared throwaway MariaDB server.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MariaDbIntoExistingTests(MariaDbServer server)
    : IntoExistingTests<MariaDbFixture>(new MariaDbFixture(server), IntoExistingDdl.MariaDb);
