using ElasticDuckface.Data.Tests.Infrastructure;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>The shared engine cases on a throwaway PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEngineTests(PostgresServer server) : EngineTests<PostgresFixture>(new PostgresFixture(server));
