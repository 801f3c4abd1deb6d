namespace ElasticDuckface.Data.Tests.Engines;

/// <summary><see cref="IntoExistingTests{TFixture}"/> on SQLite files.</summary>
public sealed class SqliteIntoExistingTests() : IntoExistingTests<SqliteFixture>(new SqliteFixture(), IntoExistingDdl.Sqlite);
