using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Profiling.Inference;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Verification;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Verification;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling.Inference;

/// <summary>Issue 10, undeclared references, on the Nova-shaped SQLite example with and without its FOREIGN KEY clauses.</summary>
public sealed class ForeignKeyInferenceTests(NovaExampleFixture nova) : IClassFixture<NovaExampleFixture>, IDisposable
{
    /// <summary>References the example's data holds but its schema does not declare (Nova declares none of them either).</summary>
    private static readonly string[] UndeclaredInTheExample =
    [
        "shadow_instance_actions_events.action_id -> shadow_instance_actions.id",
        "shadow_instances.instance_type_id -> instance_types.id",
        "shadow_virtual_interfaces.network_id -> networks.id",
        "virtual_interfaces.network_id -> networks.id",
    ];

    private readonly TempDirectory _dir = TestFiles.CreateTempDirectory();

    public void Dispose() => _dir.Dispose();

    private static Task<(DatabaseProfile Profile, ForeignKeyInferenceResult Inference)> InferAsync(string path,
        ForeignKeyInferenceOptions? options = null) =>
        Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings(), options ?? new ForeignKeyInferenceOptions());

    private static HashSet<string> Accepted(ForeignKeyInferenceResult result) =>
        [.. result.Candidates.Where(c => c.Accepted).Select(c => c.Reference.ToString())];

    [Fact]
    public async Task Every_instance_uuid_child_of_the_example_is_declared_and_inference_adds_only_the_undeclared_references()
    {
        var declaredDb = nova.Declared;
        var declared = await NovaExample.DeclaredAsync(declaredDb);
        Assert.Equal(17, declared.Count);
        Assert.Equal(11, declared.Count(d => d.Contains(".instance_uuid -> instances.uuid", StringComparison.Ordinal)));

        var (profile, inference) = await InferAsync(declaredDb);
        Assert.Equal(UndeclaredInTheExample, Accepted(inference).Order(StringComparer.Ordinal));
        Assert.Equal(17, profile.Tables.Sum(t => t.ForeignKeys.Count(f => f.Declared)));
        Assert.Equal(4, profile.Tables.Sum(t => t.ForeignKeys.Count(f => !f.Declared)));
    }

    [Fact]
    public async Task Without_its_foreign_keys_the_example_gets_every_reference_back_and_nothing_for_unrelated_uuid_columns()
    {
        var declared = await NovaExample.DeclaredAsync(nova.Declared);
        var bare = nova.Bare;
        Assert.Empty(await NovaExample.DeclaredAsync(bare));

        var (profile, inference) = await InferAsync(bare);

        Assert.Equal(declared.Concat(UndeclaredInTheExample).Order(StringComparer.Ordinal),
            Accepted(inference).Order(StringComparer.Ordinal));
        // archived children's instance_uuid is in no live instance, and no random uuid column is contained in any key
        string[] unrelated = ["ephemeral_key_uuid", "encryption_secret_uuid", "uuid", "volume_id", "image_ref"];
        Assert.DoesNotContain(inference.Candidates, c => c.Accepted
            && (c.Reference.Table.StartsWith("shadow_", StringComparison.Ordinal) && c.Reference.Column == "instance_uuid"
                || unrelated.Contains(c.Reference.Column)));
        var archived = inference.Candidates.Single(c => c.Reference.ToString() == "shadow_instance_faults.instance_uuid -> instances.uuid");
        Assert.Equal(("plural", 0.0, false), (archived.NameRule, archived.Containment!.Coverage, archived.Accepted));
        Assert.StartsWith("reject shadow_instance_faults.instance_uuid -> instances.uuid  # coverage 0.000 (0 of 6 distinct values)",
            archived.ToString(), StringComparison.Ordinal);
        Assert.True(inference.UnrelatedPairs > 0);
        Assert.All(profile.Tables.SelectMany(t => t.ForeignKeys), f => Assert.False(f.Declared));
    }

    [Fact]
    public async Task An_inferred_reference_is_profiled_exactly_like_the_declared_one_fan_out_and_parent_states_included()
    {
        var withKeys = await Profiler.ProfileAsync(DatabaseLocation.Parse(
            nova.Declared), new ProfileSettings());
        var (inferred, _) = await InferAsync(nova.Bare);

        foreach (var table in withKeys.Tables)
        {
            var other = inferred.Tables.Single(t => t.Name == table.Name);
            foreach (var fk in table.ForeignKeys)
            {
                var same = other.ForeignKeys.Single(f => f.Columns.SequenceEqual(fk.Columns) && f.ReferencedTable == fk.ReferencedTable);
                Assert.Equal(fk.Stats!.Histogram, same.Stats!.Histogram);
                Assert.Equal((fk.Stats.ParentRows, fk.Stats.ChildRows, fk.Stats.NullFraction),
                    (same.Stats.ParentRows, same.Stats.ChildRows, same.Stats.NullFraction));
            }

            // the parents both profiles know (inference also finds references the example never declares, such as
            // shadow_instance_actions_events.action_id, and the row state then follows those too)
            var known = table.ForeignKeys.Select(f => f.Columns[0]).ToHashSet(StringComparer.Ordinal);
            Assert.Equal((table.RowState?.Parents ?? []).Select(p => (p.ForeignKey.Columns[0], p.SetGivenParentSet)),
                (other.RowState?.Parents ?? []).Where(p => known.Contains(p.ForeignKey.Columns[0]))
                    .Select(p => (p.ForeignKey.Columns[0], p.SetGivenParentSet)));
        }
    }

    [Fact]
    public async Task An_undeclared_reference_is_generated_with_integrity_but_no_constraint_and_verify_counts_its_orphans()
    {
        var (profile, _) = await InferAsync(nova.Bare);
        var target = _dir.File("x2.db");
        await GenerateRun.RunAsync(new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 2 }, Target = target });

        Assert.Empty(await NovaExample.DeclaredAsync(target));
        var location = DatabaseLocation.Parse(target);
        var plan = GenerationPlanner.Plan(profile, new ScaleOptions { Scale = 2 });
        var checks = await HardChecks.RunAsync(location, profile, plan);
        var orphanChecks = checks.Where(c => c.Kind == HardCheckKind.Orphans).ToList();
        Assert.Equal(21, orphanChecks.Count);
        Assert.All(orphanChecks, c => Assert.True(c.Passed, c.Describe()));
        await using (var connection = new SqliteConnection($"Data Source={target};Pooling=False"))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM fixed_ips f WHERE instance_uuid IS NOT NULL "
                + "AND NOT EXISTS (SELECT 1 FROM instances i WHERE i.uuid = f.instance_uuid)"));
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT instance_uuid) FROM fixed_ips") > 300);
            await connection.ExecuteAsync("UPDATE fixed_ips SET instance_uuid = 'no-such-instance' WHERE rowid = "
                + "(SELECT MIN(rowid) FROM fixed_ips WHERE instance_uuid IS NOT NULL)");
        }

        // verify measures the undeclared reference's fan-out too, although the target's catalog does not list it
        var outcome = await VerifyRun.RunAsync(profile, location, new VerifyOptions { Plan = plan });
        var orphan = Assert.Single(outcome.Report.HardChecks, c => !c.Passed);
        Assert.Equal((HardCheckKind.Orphans, "fixed_ips", "inferred_instance_uuid_instances", 1L),
            (orphan.Kind, orphan.Table, orphan.Subject, orphan.Found));
        Assert.Contains(outcome.Report.Tables.Single(t => t.Name == "fixed_ips").ForeignKeys,
            f => f.Name == "inferred_instance_uuid_instances");
    }

    [Fact]
    public async Task A_review_file_rejects_accepts_and_adds_over_the_automatic_rules()
    {
        var bare = nova.Bare;
        var review = ForeignKeyReview.Parse("""
            reject fixed_ips.instance_uuid -> instances.uuid
            accept shadow_instance_faults.instance_uuid -> instances.uuid   # archived: a person knows better
            add migrations.instance_uuid -> instance_extra.instance_uuid
            """, "fks.txt");

        var (profile, inference) = await InferAsync(bare, new ForeignKeyInferenceOptions { Review = review });

        var accepted = Accepted(inference);
        Assert.DoesNotContain("fixed_ips.instance_uuid -> instances.uuid", accepted);
        Assert.Contains("shadow_instance_faults.instance_uuid -> instances.uuid", accepted);
        Assert.Contains("migrations.instance_uuid -> instance_extra.instance_uuid", accepted);
        Assert.DoesNotContain("migrations.instance_uuid -> instances.uuid", accepted);
        Assert.Contains("instance_faults.instance_uuid -> instances.uuid", accepted);
        Assert.Contains(inference.Candidates, c => c.Reason == "rejected by fks.txt line 1");
        Assert.DoesNotContain(profile.Tables.Single(t => t.Name == "fixed_ips").ForeignKeys, f => f.Columns[0] == "instance_uuid");

        // only the review file: its accept and add lines, nothing inferred
        var (_, reviewOnly) = await InferAsync(bare, new ForeignKeyInferenceOptions { Review = review, Infer = false });
        Assert.Equal(["migrations.instance_uuid -> instance_extra.instance_uuid", "shadow_instance_faults.instance_uuid -> instances.uuid"],
            Accepted(reviewOnly).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("accept nope.instance_uuid -> instances.uuid", "fks.txt line 1: no table 'nope' in the source")]
    [InlineData("reject fixed_ips.nope -> instances.uuid", "fks.txt line 1: table 'fixed_ips' has no column 'nope'")]
    [InlineData("add fixed_ips.instance_uuid -> instance_faults.instance_uuid", "is not a single-column primary or unique key")]
    [InlineData("add fixed_ips.network_id -> instances.uuid", "compares INTEGER with VARCHAR(36)")]
    public async Task A_review_file_naming_what_the_source_lacks_is_refused_before_anything_is_measured(string line, string expected)
    {
        var bare = nova.Bare;
        var options = new ForeignKeyInferenceOptions { Review = ForeignKeyReview.Parse(line, "fks.txt") };
        var error = await Assert.ThrowsAsync<DuckfaceException>(() => InferAsync(bare, options));
        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Table, string ForeignKey, bool Declared, int MinChildren)> Minimums(DatabaseProfile profile) =>
        profile.Tables.SelectMany(t => t.ForeignKeys.Where(f => f.MinChildren != 0)
            .Select(f => (t.Name, $"{string.Join(",", f.Columns)} -> {f.ReferencedTable}", f.Declared, f.MinChildren)));

    [Fact]
    public async Task A_min_line_sets_the_minimum_on_a_declared_or_added_foreign_key_and_on_no_other()
    {
        var chinook = _dir.CopyChinook();
        var review = ForeignKeyReview.Parse("""
            min 1 invoiceline.invoiceid -> invoice.invoiceid   # every invoice has a line
            add Invoice.CustomerId -> Employee.EmployeeId
            min 2 Invoice.CustomerId -> Employee.EmployeeId
            """, "fks.txt");

        var (profile, inference) = await InferAsync(chinook, new ForeignKeyInferenceOptions { Review = review, Infer = false });

        Assert.Equal([("Invoice", "CustomerId -> Employee", false, 2), ("InvoiceLine", "InvoiceId -> Invoice", true, 1)],
            Minimums(profile).Order());
        // the evidence is a review file: passed back, it keeps the minimums
        Assert.Equal(
            [
                "min 1 InvoiceLine.InvoiceId -> Invoice.InvoiceId  # given by fks.txt line 1",
                "min 2 Invoice.CustomerId -> Employee.EmployeeId  # given by fks.txt line 3",
            ],
            inference.Lines().Where(l => l.StartsWith("min ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_min_line_sets_the_minimum_on_an_inferred_reference()
    {
        var review = ForeignKeyReview.Parse("min 1 instance_faults.instance_uuid -> instances.uuid", "fks.txt");

        var (profile, _) = await InferAsync(nova.Bare, new ForeignKeyInferenceOptions { Review = review });

        Assert.Equal([("instance_faults", "instance_uuid -> instances", false, 1)], Minimums(profile));
    }

    [Theory]
    [InlineData("min 1 Invoice.CustomerId -> Employee.EmployeeId",
        "fks.txt line 1: no foreign key Invoice.CustomerId -> Employee.EmployeeId: the source does not declare it and no inferred "
        + "reference or accept or add line keeps it; write 'add Invoice.CustomerId -> Employee.EmployeeId' or fix the names.")]
    [InlineData("min 1 InvoiceLine.TrackId -> Invoice.InvoiceId",
        "fks.txt line 1: no foreign key InvoiceLine.TrackId -> Invoice.InvoiceId")]
    [InlineData("reject Invoice.CustomerId -> Employee.EmployeeId\nmin 1 invoice.customerid -> employee.employeeid",
        "fks.txt line 2: Invoice.CustomerId -> Employee.EmployeeId is rejected on line 1, so it has no foreign key to give a minimum: "
        + "remove one of the two lines.")]
    public async Task A_min_line_without_its_foreign_key_is_one_error_and_nothing_is_profiled(string text, string expected)
    {
        var chinook = _dir.CopyChinook();
        var options = new ForeignKeyInferenceOptions { Review = ForeignKeyReview.Parse(text, "fks.txt"), Infer = false };

        var error = await Assert.ThrowsAsync<DuckfaceException>(() => InferAsync(chinook, options));

        Assert.Equal(ExitCodes.InvalidInput, error.ExitCode);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_min_line_naming_one_column_of_a_composite_foreign_key_is_refused()
    {
        var path = _dir.File("composite.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.ExecuteAsync("""
                CREATE TABLE orders (region INTEGER NOT NULL, number INTEGER NOT NULL, PRIMARY KEY (region, number));
                CREATE TABLE items (id INTEGER PRIMARY KEY, region INTEGER NOT NULL, number INTEGER NOT NULL,
                    FOREIGN KEY (region, number) REFERENCES orders (region, number));
                INSERT INTO orders VALUES (1, 1), (1, 2);
                INSERT INTO items (region, number) VALUES (1, 1);
                """);
        }

        var options = new ForeignKeyInferenceOptions
        {
            Review = ForeignKeyReview.Parse("min 1 items.number -> orders.number", "fks.txt"),
            Infer = false,
        };
        var error = await Assert.ThrowsAsync<DuckfaceException>(() => InferAsync(path, options));

        Assert.Equal("fks.txt line 1: items.number is one column of the composite foreign key FK_items_region_number (region, number): "
            + "a min line names a single-column foreign key only; remove the line.", error.Message);
    }
}
