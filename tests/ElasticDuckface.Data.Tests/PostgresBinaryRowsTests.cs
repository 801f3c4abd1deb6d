using ElasticDuckface.Data.Dialects.Postgres;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Profiles;

namespace ElasticDuckface.Data.Tests;

/// <summary>
/// The COPY bytes <see cref="PostgresBinaryRows"/> encodes against Npgsql's typed writes of the same values: both loaded into
/// a real server, every row read back and compared, with the edge values of each kind (decimal's extremes and scales, NaN
/// and infinities, microseconds, ±infinity dates, negative intervals, text with NUL characters, texts that are no UUID).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresBinaryRowsTests(PostgresServer server)
{
    private static readonly CancellationToken s_ct = CancellationToken.None;

    private static readonly (string Name, string Type, PostgresValueKind Kind, object?[] Values)[] s_columns =
    [
        ("i16", "smallint", PostgresValueKind.Int16, [short.MinValue * 1L, short.MaxValue * 1L, 0L, -1L, null]),
        ("i32", "integer", PostgresValueKind.Int32, [int.MinValue * 1L, int.MaxValue * 1L, 7L, null]),
        ("i64", "bigint", PostgresValueKind.Int64, [long.MinValue, long.MaxValue, 0L, 42L]),
        ("num", "numeric", PostgresValueKind.Numeric,
            [decimal.MaxValue, decimal.MinValue, 0m, 0.0000m, 0.0001m, -123.4500m, 1e-28m, 12345678.9m, 10000m, 99999999m, 0.5m, null]),
        ("num2", "numeric(12,2)", PostgresValueKind.Numeric, [12.345m, -0.005m, 1234567890.12m, 3L, 2.5]),
        ("f4", "real", PostgresValueKind.Real, [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1.0 / 7, -0.0, 3.25]),
        ("f8", "double precision", PostgresValueKind.Double,
            [double.NaN, double.NegativeInfinity, 1.0 / 3, double.Epsilon, double.MaxValue, -2.5, 17L]),
        ("b", "boolean", PostgresValueKind.Boolean, [true, false, null]),
        ("bit1", "bit(1)", PostgresValueKind.Bit, [true, false]),
        ("t", "text", PostgresValueKind.Text, ["", "plain", "nul\0inside", "ünïcödé ✓ 𝄞", 12.5, 9L, null]),
        ("vc", "varchar(40)", PostgresValueKind.Text, ["a", "b c", "'quoted' \"double\" \\ back"]),
        ("by", "bytea", PostgresValueKind.Bytea, [new byte[] { 0, 1, 255 }, Array.Empty<byte>(), "as text"]),
        ("d", "date", PostgresValueKind.Date,
            [new DateTime(2020, 2, 29), DateTime.MinValue, DateTime.MaxValue, new DateTime(1, 1, 1, 5, 0, 0), new DateTime(1999, 12, 31)]),
        ("ts", "timestamp(6)", PostgresValueKind.Timestamp,
            [new DateTime(2021, 2, 3, 4, 5, 6).AddTicks(6_543_217), DateTime.MinValue, DateTime.MaxValue, new DateTime(1970, 1, 1)]),
        ("tstz", "timestamptz", PostgresValueKind.TimestampTz,
            [new DateTime(2022, 3, 4, 5, 6, 7).AddTicks(1_234_560), new DateTime(1900, 1, 1), DateTime.MaxValue]),
        ("tm", "time(6)", PostgresValueKind.Time,
            [new TimeSpan(0, 12, 34, 56).Add(TimeSpan.FromTicks(1_234_560)), TimeSpan.FromHours(-1), TimeSpan.FromDays(1.5), 3661.5]),
        ("tmtz", "timetz", PostgresValueKind.TimeTz, [new TimeSpan(0, 10, 0, 0).Add(TimeSpan.FromTicks(10)), 59.000001]),
        ("iv", "interval", PostgresValueKind.Interval,
            [TimeSpan.FromDays(-1.5).Add(TimeSpan.FromTicks(-10)), new TimeSpan(3, 4, 5, 6, 789, 12), TimeSpan.Zero, 5400.25,
                "2 days 03:00:00", "not an interval"]),
        ("j", "json", PostgresValueKind.Json, ["{\"a\": [1, 2, \"x\"]}", "[]", null]),
        ("jb", "jsonb", PostgresValueKind.Jsonb, ["{\"b\": {\"c\": null}, \"a\": 1.50}", "\"ü\""]),
        ("u", "uuid", PostgresValueKind.Uuid, ["0f8fad5b-d9cb-469f-a165-70867728950e", "not a uuid",
            "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"]),
        ("e", "mood", PostgresValueKind.Enum, ["happy", "sad", "so-so"]),
    ];

    [PostgresFact]
    public void Every_kind_but_the_rare_ones_is_encoded_here()
    {
        Assert.All(s_columns, c => Assert.True(PostgresBinaryRows.Encodes(c.Kind), c.Kind.ToString()));
        Assert.False(PostgresBinaryRows.Encodes(PostgresValueKind.Array));
        Assert.False(PostgresBinaryRows.Encodes(PostgresValueKind.Money));
    }

    [PostgresFact]
    public async Task The_encoded_bytes_load_the_same_rows_as_Npgsqls_typed_writes()
    {
        var url = await server.CreateDatabaseAsync("rawcopy");
        var location = PostgresServer.Parse(url);
        var columns = s_columns.Select(c => new PostgresColumn(new ColumnProfile { Name = c.Name, SqlType = c.Type }, c.Type, c.Kind))
            .Prepend(new PostgresColumn(new ColumnProfile { Name = "id", SqlType = "bigint" }, "bigint", PostgresValueKind.Int64))
            .ToList();
        // more rows than three batches, each column cycling through its values at its own pace
        var rows = Enumerable.Range(0, (3 * PostgresCopy.BatchRows) + 17)
            .Select(r => s_columns.Select(c => c.Values[r % c.Values.Length]).Prepend((long)r).ToArray()).ToList();
        var definition = string.Join(", ", columns.Select(c => $"{c.Column.Name} {c.Type}"));
        await using var first = await PostgresEngine.OpenAsync(location, null, s_ct);
        await using var second = await PostgresEngine.OpenAsync(location, null, s_ct);
        await PostgresEngine.ExecuteAsync(first, location, "CREATE TYPE mood AS ENUM ('happy', 'sad', 'so-so')", s_ct);
        foreach (var name in new[] { "raw", "typed" })
            await PostgresEngine.ExecuteAsync(first, location, $"CREATE TABLE {name} ({definition})", s_ct);
        await first.ReloadTypesAsync(s_ct);
        await second.ReloadTypesAsync(s_ct);

        var raw = await PostgresCopy.WriteAsync([first, second], location, Table("raw"), columns, rows, "public", "", typed: false, s_ct);
        var typed = await PostgresCopy.WriteAsync([first], location, Table("typed"), columns, rows, "public", "", typed: true, s_ct);

        Assert.Equal(rows.Count, raw);
        Assert.Equal(rows.Count, typed);
        foreach (var column in columns)
        {
            var sql = $"SELECT string_agg(coalesce({column.Column.Name}::text, 'NULL'), E'\\n' ORDER BY id) FROM ";
            Assert.Equal(await PostgresServer.ScalarAsync<string>(url, sql + "typed"),
                await PostgresServer.ScalarAsync<string>(url, sql + "raw"));
        }

        // full microseconds, not seconds; decimal's extremes exactly; ±infinity; the NUL dropped
        Assert.Equal("2021-02-03 04:05:06.654321", await PostgresServer.ScalarAsync<string>(url, "SELECT ts::text FROM raw WHERE id = 0"));
        Assert.Equal("infinity", await PostgresServer.ScalarAsync<string>(url, "SELECT ts::text FROM raw WHERE id = 2"));
        Assert.Equal("-infinity", await PostgresServer.ScalarAsync<string>(url, "SELECT d::text FROM raw WHERE id = 1"));
        Assert.Equal("79228162514264337593543950335", await PostgresServer.ScalarAsync<string>(url,
            "SELECT num::text FROM raw WHERE id = 0"));
        Assert.Equal("0.0000000000000000000000000001", await PostgresServer.ScalarAsync<string>(url,
            "SELECT num::text FROM raw WHERE id = 6"));
        Assert.Equal("-123.4500", await PostgresServer.ScalarAsync<string>(url, "SELECT num::text FROM raw WHERE id = 5"));
        Assert.Equal("-1 days -12:00:00.000001", await PostgresServer.ScalarAsync<string>(url, "SELECT iv::text FROM raw WHERE id = 0"));
        Assert.Equal("nulinside", await PostgresServer.ScalarAsync<string>(url, "SELECT t FROM raw WHERE id = 2"));
    }

    [PostgresFact]
    public async Task An_offset_date_and_time_keeps_its_microseconds()
    {
        var url = await server.CreateDatabaseAsync("rawoffset");
        var location = PostgresServer.Parse(url);
        var columns = new[]
        {
            new PostgresColumn(new ColumnProfile { Name = "at", SqlType = "timestamp" }, "timestamp(6)", PostgresValueKind.Timestamp),
            new PostgresColumn(new ColumnProfile { Name = "at_tz", SqlType = "timestamptz" }, "timestamptz", PostgresValueKind.TimestampTz),
        };
        var at = new DateTimeOffset(new DateTime(2021, 2, 3, 4, 5, 6).AddTicks(6_543_210), TimeSpan.FromHours(2));
        await using var connection = await PostgresEngine.OpenAsync(location, null, s_ct);
        await PostgresEngine.ExecuteAsync(connection, location, "CREATE TABLE t (at timestamp(6), at_tz timestamptz)", s_ct);

        await PostgresCopy.WriteAsync([connection], location, Table("t"), columns, [[at, at]], "public", "", typed: false, s_ct);

        Assert.Equal("2021-02-03 04:05:06.654321", await PostgresServer.ScalarAsync<string>(url, "SELECT at::text FROM t"));
        Assert.Equal("2021-02-03 02:05:06.654321",
            await PostgresServer.ScalarAsync<string>(url, "SELECT (at_tz AT TIME ZONE 'UTC')::text FROM t"));
    }

    private static TableProfile Table(string name) => new() { Name = name, Columns = [] };
}
