using System.Globalization;
using System.Text.Json;
using Dapper;
using ElasticDuckface.Data.Connections;
using ElasticDuckface.Data.Profiling;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;

namespace ElasticDuckface.Data.Tests.Profiling;

internal static class PropertyChecks
{
    /// <summary>Runs a property for <paramref name="maxTest"/> cases and throws on the first failure (FsCheck 3).</summary>
    public static void Check(this Property property, int maxTest) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest), property);
}

/// <summary>Issue 9: a default profile holds no value that fewer than k rows hold, anywhere.</summary>
public sealed class PrivacyProfilingTests
{
    private const int K = 10;

    /// <summary>One generated table: per column (text, number, datetime) its values with how many rows hold each.</summary>
    public sealed record Spec(
        (string Value, int Rows)[] Texts, (double Value, int Rows)[] Numbers, (DateTime Value, int Rows)[] Dates);

    private static readonly string[] Words = ["alpha", "bravo", "charlie", "delta", "echo"];

    private static Gen<(T Value, int Rows)[]> Column<T>(Gen<T> frequent, Gen<T> rare) =>
        from f in Gen.Choose(1, 3)
        from r in Gen.Choose(0, 5)
        from fv in frequent.ArrayOf(f)
        from fc in Gen.Choose(K, K + 6).ArrayOf(f)
        from rv in rare.ArrayOf(r)
        from rc in Gen.Choose(1, K - 1).ArrayOf(r)
        select fv.Zip(fc).Concat(rv.Zip(rc)).DistinctBy(x => x.First).ToArray();

    private static readonly Gen<string> RareText =
        Gen.Choose(0, int.MaxValue).Select(i => "rare" + i.ToString("x8", CultureInfo.InvariantCulture));

    // six and more significant digits and seconds on the clock: nothing the coarsening grid can produce
    private static readonly Gen<double> RareNumber = Gen.Choose(100_000_001, 999_999_999).Select(i => i / 1000.0 + 0.0001);

    private static readonly Gen<DateTime> RareDate =
        from d in Gen.Choose(0, 3650)
        from s in Gen.Choose(3601, 86_000)
        select new DateTime(2015, 1, 2).AddDays(d).AddSeconds(s);

    private static readonly Gen<Spec> Specs =
        from t in Column(Gen.Elements(Words), RareText)
        from n in Column(Gen.Choose(1, 5).Select(i => (double)i), RareNumber)
        from d in Column(Gen.Choose(1, 5).Select(i => new DateTime(2020, i, 15, 12, 0, 0)), RareDate)
        select new Spec(t, n, d);

    private static async Task<string> ProfileJsonAsync(string path, IEnumerable<object?[]> rows)
    {
        await using (var c = new SqliteConnection($"Data Source={path}"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT, amount REAL, seen DATETIME)");
            await using var tx = await c.BeginTransactionAsync();
            foreach (var r in rows)
                await c.ExecuteAsync("INSERT INTO t (label, amount, seen) VALUES (@a, @b, @d)", new { a = r[0], b = r[1], d = r[2] }, tx);
            await tx.CommitAsync();
        }

        var profile = await Profiler.ProfileAsync(DatabaseLocation.Parse(path), new ProfileSettings { MinCount = K });
        SqliteConnection.ClearAllPools();
        return ProfileSerializer.Serialize(profile);
    }

    private static List<object?[]> Rows(Spec spec)
    {
        static List<object?> Expand<T>((T Value, int Rows)[] column, Func<T, object> write) =>
            column.SelectMany(c => Enumerable.Repeat(write(c.Value), c.Rows)).ToList<object?>();
        var columns = new[]
        {
            Expand(spec.Texts, v => v!),
            Expand(spec.Numbers, v => v),
            Expand(spec.Dates, v => v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
        };
        var n = columns.Max(c => c.Count);
        return Enumerable.Range(0, n).Select(i => columns.Select(c => i < c.Count ? c[i] : null).ToArray()).ToList();
    }

    /// <summary>Every string and number in the JSON, numbers as doubles.</summary>
    private static (HashSet<string> Strings, HashSet<double> Numbers) Tokens(string json)
    {
        var strings = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<double>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        strings.Add(p.Name);
                        Walk(p.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var x in e.EnumerateArray())
                        Walk(x);
                    break;
                case JsonValueKind.String:
                    strings.Add(e.GetString()!);
                    break;
                case JsonValueKind.Number:
                    numbers.Add(e.GetDouble());
                    break;
            }
        }

        using var doc = JsonDocument.Parse(json);
        Walk(doc.RootElement);
        return (strings, numbers);
    }

    private static bool Reveals(string json, (HashSet<string> Strings, HashSet<double> Numbers) tokens, object value) => value switch
    {
        string s => json.Contains(s, StringComparison.Ordinal),
        double d => tokens.Numbers.Contains(d) || tokens.Strings.Contains(d.ToString("R", CultureInfo.InvariantCulture)),
        DateTime t => tokens.Strings.Any(x =>
            x.StartsWith(t.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            || x.StartsWith(t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };

    [Fact]
    public void Rare_values_never_appear_in_the_profile_and_frequent_ones_do() =>
        Prop.ForAll(Specs.ToArbitrary(), spec =>
        {
            using var dir = TestFiles.CreateTempDirectory();
            var json = ProfileJsonAsync(dir.File("t.db"), Rows(spec)).GetAwaiter().GetResult();
            var tokens = Tokens(json);
            var all = spec.Texts.Select(x => ((object)x.Value, x.Rows))
                .Concat(spec.Numbers.Select(x => ((object)x.Value, x.Rows)))
                .Concat(spec.Dates.Select(x => ((object)x.Value, x.Rows)));
            foreach (var (value, rows) in all)
            {
                var expected = rows >= K;
                if (Reveals(json, tokens, value) != expected)
                    return false.Label($"{value} ({rows} rows) revealed: {!expected}");
            }

            return true.Label("ok");
        }).Check(40);

    [Fact]
    public void A_table_of_fewer_than_k_rows_holds_no_raw_value_at_all() =>
        Prop.ForAll(Gen.Choose(1, K - 1).SelectMany(n =>
                from t in RareText.ArrayOf(n)
                from x in RareNumber.ArrayOf(n)
                from d in RareDate.ArrayOf(n)
                select (t, x, d)).ToArbitrary(),
            table =>
            {
                using var dir = TestFiles.CreateTempDirectory();
                var rows = table.t.Select((s, i) => new object?[]
                {
                    s, table.x[i], table.d[i].ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                });
                var json = ProfileJsonAsync(dir.File("t.db"), rows).GetAwaiter().GetResult();
                var tokens = Tokens(json);
                var leaked = table.t.Cast<object>().Concat(table.x.Cast<object>()).Concat(table.d.Cast<object>())
                    .Where(v => Reveals(json, tokens, v)).ToList();
                return (leaked.Count == 0).Label("leaked: " + string.Join(", ", leaked));
            }).Check(25);

    /// <summary>The people and money of Chinook: every column a reviewer would call personal, and the invoices.</summary>
    private static readonly (string Table, string[] Columns)[] Personal =
    [
        ("Customer", ["FirstName", "LastName", "Company", "Address", "City", "State", "Country", "PostalCode", "Phone", "Fax", "Email"]),
        ("Employee", ["LastName", "FirstName", "Title", "BirthDate", "HireDate", "Address", "City", "State", "Country", "PostalCode",
            "Phone", "Fax", "Email"]),
        ("Invoice", ["InvoiceDate", "BillingAddress", "BillingCity", "BillingState", "BillingCountry", "BillingPostalCode", "Total"]),
    ];

    /// <summary>Columns whose values are long and personal enough to look for anywhere in the profile, as substrings.</summary>
    private static readonly HashSet<string> Identifying =
        ["FirstName", "LastName", "Company", "Address", "PostalCode", "Phone", "Fax", "Email"];

    [Fact]
    public async Task Issue9_chinook_profile_holds_no_customer_employee_or_invoice_value_fewer_than_k_rows_hold()
    {
        using var dir = TestFiles.CreateTempDirectory();
        var db = dir.CopyChinook();
        var json = ProfileSerializer.Serialize(await Profiler.ProfileAsync(DatabaseLocation.Parse(db), new ProfileSettings()));
        using var doc = JsonDocument.Parse(json);
        await using var c = new SqliteConnection($"Data Source={db}");
        var checkedRare = 0;
        foreach (var (table, columns) in Personal)
        {
            // k-anonymity is per column: London is rare among customers, frequent among invoices; so each value is
            // looked for in its own table's part of the profile (every column, row state and ordering of it)
            var tableJson = doc.RootElement.GetProperty("tables").EnumerateArray()
                .Single(t => t.GetProperty("name").GetString() == table).GetRawText();
            var tokens = Tokens(tableJson);
            foreach (var column in columns)
            {
                var values = (await c.QueryAsync<(string? Value, long Rows, string Type)>(
                    $"SELECT CAST(\"{column}\" AS TEXT), COUNT(*), typeof(\"{column}\") FROM \"{table}\" "
                    + $"WHERE \"{column}\" IS NOT NULL GROUP BY 1, 3")).ToList();
                foreach (var (value, rows, type) in values.Where(v => v.Rows < K))
                {
                    var parsed = Parse(value!, type);
                    Assert.False(parsed is not string && Reveals(tableJson, tokens, parsed),
                        $"{table}.{column} = '{value}' ({rows} rows) is in the profile");
                    Assert.DoesNotContain(value!, tokens.Strings);
                    if (Identifying.Contains(column) && value!.Length >= 5 && value.Any(char.IsLetter))
                        Assert.DoesNotContain(value, json, StringComparison.Ordinal);
                    checkedRare++;
                }

                // names, e-mails, phones, addresses and the employees' dates are all rare: none of them is in the profile
                if (table != "Invoice" && column is not ("Country" or "State" or "City" or "Title"))
                    Assert.All(values, v => Assert.True(v.Rows < K, $"{table}.{column} '{v.Value}' is held by {v.Rows} rows"));
            }
        }

        Assert.True(checkedRare > 500, $"only {checkedRare} rare values checked");
        // frequent values are k-anonymous and kept: the profile is still useful
        Assert.Contains("\"USA\"", json, StringComparison.Ordinal);
    }

    private static object Parse(string value, string sqliteType) => sqliteType switch
    {
        "real" or "integer" => double.Parse(value, CultureInfo.InvariantCulture),
        _ when DateTime.TryParseExact(value, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var t) => t,
        _ => value,
    };
}
