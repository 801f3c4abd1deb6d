using ElasticDuckface.Data.Tests.Infrastructure;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary><see cref="EngineTests{TFixture}"/> on the shared throwaway MariaDB server.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class MariaDbEngineTests(MariaDbServer server) : EngineTests<MariaDbFixture>(new MariaDbFixture(server));
