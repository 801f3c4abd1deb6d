using ElasticDuckface.Data.Tests.Infrastructure;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary><see cref="IntoExistingTests{TFixture}"/> on the shared throwaway PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresIntoExistingTests(PostgresServer server)
    : IntoExistingTests<PostgresFixture>(new PostgresFixture(server), IntoExistingDdl.Postgres);
