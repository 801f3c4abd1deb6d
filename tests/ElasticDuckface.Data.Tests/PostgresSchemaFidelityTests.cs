using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests;

/// <summary>Schema fidelity on PostgreSQL (issue 10): a stored generated column is profiled, recreated and never inserted into.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaFidelityTests(PostgresServer server)
{
    [PostgresFact]
    public async Task A_stored_generated_column_is_kept_with_its_expression_and_the_server_computes_it()
    {
        var url = await server.CreateDatabaseAsync("gencol");
        await PostgresServer.ExecuteAsync(url, """
            CREATE TABLE line (
              id serial PRIMARY KEY,
              price numeric(8,2) NOT NULL,
              qty integer NOT NULL,
              total numeric GENERATED ALWAYS AS (price * qty) STORED);
            INSERT INTO line (price, qty) SELECT i * 1.5, i % 7 FROM generate_series(1, 40) i;
            """);
        var profile = ProfileSerializer.Deserialize(ProfileSerializer.Serialize(
            await Profiler.ProfileAsync(PostgresServer.Parse(url), new ProfileSettings())));
        Assert.Equal(new GeneratedColumn("(price * (qty)::numeric)", Stored: true), profile.Tables.Single().FindColumn("total")!.Generated);

        var targetUrl = server.NewDatabaseUrl("gencol_gen");
        var target = PostgresServer.Parse(targetUrl);
        await using (var writer = await PostgresWriter.OpenAsync(target, WriterOptions.For(profile, replace: false)))
            await DatabaseGenerator.RunAsync(profile, GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2 }), writer);

        Assert.Equal("s(price * (qty)::numeric)", await PostgresServer.ScalarAsync<string>(targetUrl,
            "SELECT a.attgenerated::text || pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
            + "JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            + "WHERE a.attrelid = 'line'::regclass AND a.attname = 'total'"));
        Assert.Equal(80, await PostgresServer.ScalarAsync<long>(targetUrl, "SELECT COUNT(*) FROM line WHERE total = price * qty"));
        // the primary key is named as PostgreSQL itself would, <table>_pkey, also for the first table of the schema
        Assert.Equal("line_pkey", await PostgresServer.ScalarAsync<string>(targetUrl,
            "SELECT conname::text FROM pg_constraint WHERE conrelid = 'line'::regclass AND contype = 'p'"));
    }
}
