namespace ElasticDuckface.Data.Tests.Engines;

/// <summary><see cref="EngineTests{TFixture}"/> on SQLite files.</summary>
public sealed class SqliteEngineTests() : EngineTests<SqliteFixture>(new SqliteFixture());
