using System.Data.Common;
using Dapper;
using ElasticDuckface.Data.Dialects;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.ExistingSchema;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests.Engines;

/// <summary>
/// <c>generate --into-existing</c> (issue 10) on every engine: a schema made by hand-written DDL, as an application's
/// migrations make it (a subset of Chinook with an extra defaulted column, two columns fewer, a bookkeeping table and a
/// table of its own), filled from the shipped Chinook profile through <see cref="GenerateRun"/>.
/// </summary>
public abstract class IntoExistingTests<TFixture>(TFixture fixture, IntoExistingDdl ddl) : IAsyncLifetime
    where TFixture : IEngineFixture
{
    /// <summary>The application's schema; <c>{extra}</c> takes a test's additional Artist column.</summary>
    private const string Schema = """
        CREATE TABLE "Artist" ("ArtistId" {key}, "Name" VARCHAR(120){extra});
        CREATE TABLE "Genre" ("GenreId" {key}, "Name" VARCHAR(120));
        CREATE TABLE "MediaType" ("MediaTypeId" {key}, "Name" VARCHAR(120));
        CREATE TABLE "Album" ("AlbumId" {otherKey}, "Title" VARCHAR(160) NOT NULL, "ArtistId" INTEGER NOT NULL,
            "rating" INTEGER NOT NULL DEFAULT 3, FOREIGN KEY ("ArtistId") REFERENCES "Artist" ("ArtistId"));
        CREATE TABLE "Track" ("TrackId" {key}, "Name" VARCHAR(200) NOT NULL, "AlbumId" INTEGER, "MediaTypeId" INTEGER NOT NULL,
            "GenreId" INTEGER, "Milliseconds" INTEGER NOT NULL{check}, "UnitPrice" NUMERIC(10,2) NOT NULL,
            FOREIGN KEY ("AlbumId") REFERENCES "Album" ("AlbumId"), FOREIGN KEY ("MediaTypeId") REFERENCES "MediaType" ("MediaTypeId"),
            FOREIGN KEY ("GenreId") REFERENCES "Genre" ("GenreId"));
        CREATE TABLE "alembic_version" ("version_num" VARCHAR(32) NOT NULL PRIMARY KEY);
        INSERT INTO "alembic_version" ("version_num") VALUES ('4f2c1a9b7d3e');
        CREATE TABLE "app_settings" ("name" VARCHAR(40) NOT NULL PRIMARY KEY, "value" VARCHAR(40));
        INSERT INTO "app_settings" ("name", "value") VALUES ('theme', 'dark')
        """;

    private static readonly string[] s_filled = ["Album", "Artist", "Genre", "MediaType", "Track"];

    private static readonly CancellationToken s_ct = CancellationToken.None;

    private DatabaseProfile _profile = null!;

    public async Task InitializeAsync() => _profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    [EngineFact]
    public async Task Fills_a_hand_written_schema_with_integrity_leaving_defaults_bookkeeping_and_unknown_tables_alone()
    {
        var url = await SchemaAsync("fill");

        var outcome = await FillAsync(url);

        await AssertCountsAsync(url, ["Artist", "Album", "Genre", "MediaType", "Track"], 275, 347, 25, 5, 3503);
        Assert.Equal(0, await ScalarAsync(url, """SELECT COUNT(*) FROM "Album" WHERE "rating" <> 3"""));
        Assert.Equal(["4f2c1a9b7d3e"], await QueryAsync<string>(url, """SELECT "version_num" FROM "alembic_version" """));
        Assert.Equal(["dark"], await QueryAsync<string>(url, """SELECT "value" FROM "app_settings" WHERE "name" = 'theme'"""));
        Assert.Empty(await OrphansAsync(url));

        var differences = outcome.Comparison!.Differences;
        Assert.Contains(differences, d => d is { Kind: SchemaDifferenceKind.ColumnOnlyInTarget, Table: "Album", Column: "rating" });
        Assert.Contains(differences, d => d is { Kind: SchemaDifferenceKind.ColumnMissingInTarget, Table: "Track", Column: "Composer" });
        Assert.Contains(differences, d => d is { Kind: SchemaDifferenceKind.TableExcluded, Table: "alembic_version" });
        Assert.Contains(differences, d => d is { Kind: SchemaDifferenceKind.TableOnlyInTarget, Table: "app_settings" });
        Assert.Contains(differences, d => d is { Kind: SchemaDifferenceKind.TableMissingInTarget, Severity: DifferenceSeverity.Warning,
            Table: "InvoiceLine" });
        Assert.Equal(["app_settings", "alembic_version"], outcome.Comparison.Untouched.Order(StringComparer.OrdinalIgnoreCase).Reverse());

        // the application inserts next: the engine's own counters are past the generated keys
        await ExecuteAsync(url, """INSERT INTO "Artist" ("Name") VALUES ('next')""");
        await ExecuteAsync(url, """INSERT INTO "Album" ("Title", "ArtistId") VALUES ('next', 1)""");
        Assert.Equal(276, await ScalarAsync(url, """SELECT MAX("ArtistId") FROM "Artist" """));
        Assert.Equal(348, await ScalarAsync(url, """SELECT MAX("AlbumId") FROM "Album" """));
    }

    [EngineFact]
    public async Task A_not_null_column_without_default_that_the_profile_lacks_is_refused_and_nothing_is_written()
    {
        var url = await SchemaAsync("notnull", extra: """, "label" VARCHAR(10) NOT NULL""");

        var refused = await Assert.ThrowsAsync<SchemaMismatchException>(() => FillAsync(url));

        Assert.Equal(ExitCodes.SchemaMismatch, refused.ExitCode);
        Assert.DoesNotContain('\n', refused.Message);
        var fatal = Assert.Single(refused.Comparison.Fatal);
        Assert.Equal((SchemaDifferenceKind.NotNullWithoutDefault, "Artist", "label"), (fatal.Kind, fatal.Table, fatal.Column));
        Assert.Equal(refused.Details, [fatal.ToString()]);
        await AssertCountsAsync(url, s_filled, 0, 0, 0, 0, 0);
    }

    [EngineFact]
    public async Task Tables_holding_rows_are_refused_with_their_count_unless_append_which_adds_past_the_largest_keys()
    {
        var url = await SchemaAsync("append");
        await FillAsync(url);

        var refused = await Assert.ThrowsAsync<OutputException>(() => FillAsync(url));
        Assert.Contains("4,155 rows in 5 of the tables", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--append", refused.Message, StringComparison.Ordinal);
        await AssertCountsAsync(url, ["Artist", "Album", "Track"], 275, 347, 3503);

        await FillAsync(url, r => r with { Append = true, Scale = r.Scale with { Seed = 9 } });

        await AssertCountsAsync(url, ["Artist", "Album", "Track"], 550, 694, 7006);
        Assert.Equal(7006, await ScalarAsync(url, """SELECT COUNT(DISTINCT "TrackId") FROM "Track" """));
        Assert.Equal(7006, await ScalarAsync(url, """SELECT MAX("TrackId") FROM "Track" """));
        Assert.Empty(await OrphansAsync(url));
        // the appended albums belong to the appended artists: each key moved by its own table's largest
        Assert.Equal(0, await ScalarAsync(url, """SELECT COUNT(*) FROM "Album" WHERE "AlbumId" > 347 AND "ArtistId" <= 275"""));
        Assert.Equal(["4f2c1a9b7d3e"], await QueryAsync<string>(url, """SELECT "version_num" FROM "alembic_version" """));
    }

    [EngineFact]
    public async Task A_failure_mid_load_and_a_cancel_leave_every_table_as_it_was()
    {
        // the last table loaded (Track) refuses its rows: the four loaded before it must be gone again
        var failing = await SchemaAsync("fails", check: """ CHECK ("Milliseconds" < 100000)""");
        await Assert.ThrowsAsync<DatabaseOperationException>(() => FillAsync(failing));
        await AssertCountsAsync(failing, s_filled, 0, 0, 0, 0, 0);
        Assert.Equal(["4f2c1a9b7d3e"], await QueryAsync<string>(failing, """SELECT "version_num" FROM "alembic_version" """));

        var cancelled = await SchemaAsync("cancel");
        using var cts = new CancellationTokenSource();
        var progress = new CancelAt("Track", cts);
        await Assert.ThrowsAnyAsync<Exception>(() => GenerateRun.RunAsync(Request(cancelled), null, progress, cts.Token));
        Assert.True(progress.Cancelled);
        await AssertCountsAsync(cancelled, s_filled, 0, 0, 0, 0, 0);

        // and the target takes a full run afterwards: nothing was left locked or half-written
        await FillAsync(cancelled);
        Assert.Equal(3503, await ScalarAsync(cancelled, """SELECT COUNT(*) FROM "Track" """));
    }

    [EngineFact]
    public async Task An_excluded_table_stays_untouched_and_excluding_a_parent_is_refused()
    {
        var url = await SchemaAsync("exclude");

        var outcome = await FillAsync(url, r => r with { Exclude = ["Track"] });

        await AssertCountsAsync(url, ["Artist", "Album", "Track"], 275, 347, 0);
        Assert.Contains("Track", outcome.Comparison!.Untouched);

        var parent = await SchemaAsync("exclude-parent");
        var refused = await Assert.ThrowsAsync<SchemaMismatchException>(() => FillAsync(parent, r => r with { Exclude = ["Genre"] }));
        var fatal = Assert.Single(refused.Comparison.Fatal);
        Assert.Equal((SchemaDifferenceKind.ForeignKeyToUnfilledTable, "Track"), (fatal.Kind, fatal.Table));
        await AssertCountsAsync(parent, s_filled, 0, 0, 0, 0, 0);
    }

    [EngineFact]
    public async Task Bad_targets_are_refused_in_one_line_and_left_untouched()
    {
        var missing = fixture.NewDatabaseUrl("missing");
        var absent = await Assert.ThrowsAsync<OutputException>(() => FillAsync(missing));
        Assert.Contains("does not exist", absent.Message, StringComparison.Ordinal);
        Assert.False(await fixture.Engine.ExistsAsync(DatabaseEngines.Parse(missing), s_ct));

        var empty = fixture.NewDatabaseUrl("empty");
        await CreateAsync(empty);
        var noTables = await Assert.ThrowsAsync<OutputException>(() => FillAsync(empty));
        Assert.Contains("run the application's migrations first", noTables.Message, StringComparison.Ordinal);
        Assert.Contains("without --into-existing", noTables.Message, StringComparison.Ordinal);

        var other = fixture.NewDatabaseUrl("other");
        await CreateAsync(other, """CREATE TABLE "app_settings" ("name" VARCHAR(40) NOT NULL PRIMARY KEY)""");
        var unrelated = await Assert.ThrowsAsync<SchemaMismatchException>(() => FillAsync(other));
        Assert.Equal(SchemaDifferenceKind.NoTableInCommon, Assert.Single(unrelated.Comparison.Fatal).Kind);

        var replace = await Assert.ThrowsAsync<DuckfaceException>(() => FillAsync(other, r => r with { Replace = true }));
        Assert.Equal(ExitCodes.Usage, replace.ExitCode);
        foreach (var error in new DuckfaceException[] { absent, noTables, unrelated, replace })
            Assert.DoesNotContain('\n', error.Message);
    }

    private GenerateRequest Request(string url) => new()
    {
        Profile = _profile,
        Scale = new ScaleOptions { Scale = 1, Seed = 4 },
        Target = url,
        IntoExisting = true,
    };

    private Task<GenerateOutcome> FillAsync(string url, Func<GenerateRequest, GenerateRequest>? change = null) =>
        GenerateRun.RunAsync((change ?? (r => r))(Request(url)));

    /// <summary>A fresh database holding the application's schema.</summary>
    private async Task<string> SchemaAsync(string name, string extra = "", string check = "")
    {
        var url = fixture.NewDatabaseUrl(name);
        await CreateAsync(url, Schema.Replace("{extra}", extra, StringComparison.Ordinal).Replace("{check}", check,
            StringComparison.Ordinal));
        return url;
    }

    private async Task CreateAsync(string url, string script = "")
    {
        await fixture.Engine.CreateDatabaseAsync(DatabaseEngines.Parse(url), s_ct);
        await using var connection = await fixture.OpenAsync(url);
        foreach (var statement in ddl.Spell(script))
            await connection.ExecuteAsync(statement);
    }

    /// <summary>Every declared foreign key of the target, counted by the shared orphan check outside any run.</summary>
    private async Task<IReadOnlyList<OrphanCheck.Orphans>> OrphansAsync(string url)
    {
        await using var source = await fixture.Engine.OpenReadOnlyAsync(DatabaseEngines.Parse(url), s_ct);
        var tables = await source.ReadSchemaAsync(s_ct);
        Assert.Equal(4, tables.Sum(t => t.ForeignKeys.Count));
        return await OrphanCheck.FindAsync(source.Connection, source.Transaction, source.Quote, tables, s_ct);
    }

    private async Task AssertCountsAsync(string url, IReadOnlyList<string> tables, params long[] expected)
    {
        var counts = new List<long>();
        foreach (var table in tables)
            counts.Add(await ScalarAsync(url, $"SELECT COUNT(*) FROM \"{table}\""));
        Assert.Equal(string.Join(", ", expected), string.Join(", ", counts));
    }

    private async Task<long> ScalarAsync(string url, string sql)
    {
        await using var connection = await fixture.OpenAsync(url);
        return Convert.ToInt64(await connection.ExecuteScalarAsync(ddl.Spell(sql)[0]), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<List<T>> QueryAsync<T>(string url, string sql)
    {
        await using var connection = await fixture.OpenAsync(url);
        return [.. await connection.QueryAsync<T>(ddl.Spell(sql)[0])];
    }

    private async Task ExecuteAsync(string url, string sql)
    {
        await using DbConnection connection = await fixture.OpenAsync(url);
        await connection.ExecuteAsync(ddl.Spell(sql)[0]);
    }

    /// <summary>Cancels the run as soon as <paramref name="table"/> starts loading (synchronously, on the writer's thread).</summary>
    private sealed class CancelAt(string table, CancellationTokenSource cts) : IProgress<GenerationProgress>
    {
        public bool Cancelled { get; private set; }

        public void Report(GenerationProgress value)
        {
            if (value.Table == table && value.Phase == GenerationPhase.WritingRows && !Cancelled)
            {
                Cancelled = true;
                cts.Cancel();
            }
        }
    }
}
