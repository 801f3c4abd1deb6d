using System.Text;
using ElasticDuckface.Data.Runs;
using ElasticDuckface.Data.Tests.Infrastructure;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Parquet;
using Parquet.Schema;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

/// <summary><c>generate --format parquet</c> (issue 13): files read back with Parquet.Net hold the CSV output's values, typed.</summary>
public sealed class ParquetFilesWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The "order" table: every value category, NULLs in every nullable column, fractional seconds.</summary>
    private static readonly TableProfile s_order = Table(Awkward(), "order");

    private static object?[][] OrderRows() =>
    [
        .. Enumerable.Range(0, 10).Select(i => i % 3 == 1
            ? new object?[] { (long)i, "eu", 7L, null, null, null, null, null, null, null, null }
            : new object?[]
            {
                (long)i, "eu", 7L, i == 0 ? null : 0L, 12.5m + i, 0.1 * i, i % 2 == 0,
                new DateTime(2024, 2, 29, 23, 59, 58, 0).AddTicks(i * 1234560), new DateTime(2020, 1, 1).AddDays(i),
                new TimeSpan(-1, -2, -3 - i), i == 3 ? Array.Empty<byte>() : new byte[] { 0xAB, (byte)i },
            }),
    ];

    [Fact]
    public async Task Every_category_reads_back_typed_with_nulls_in_bounded_row_groups()
    {
        var writer = await ParquetFilesWriter.CreateAsync(_dir.File("pq"), replace: false, maxRowGroupRows: 3);
        await using (writer)
        {
            await writer.CreateSchemaAsync([s_order]);
            Assert.Equal(10, await writer.WriteRowsAsync(s_order, OrderRows()));
            await writer.CompleteAsync();
        }

        var path = Path.Combine(_dir.File("pq"), "order.parquet");
        await using var reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(4, reader.RowGroupCount); // 3 + 3 + 3 + 1: the buffer never holds more than a row group
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(s_order.Columns.Select(c => c.Name), fields.Select(f => f.Name));
        // Parquet.Net 6 reads UTF-8 strings back as ReadOnlyMemory<char>, binary as ReadOnlyMemory<byte>
        Assert.Equal([typeof(long), typeof(ReadOnlyMemory<char>), typeof(long), typeof(long), typeof(decimal), typeof(double),
            typeof(bool), typeof(DateTime), typeof(DateTime), typeof(ReadOnlyMemory<char>), typeof(ReadOnlyMemory<byte>)],
            fields.Select(f => f.ClrType));
        Assert.Equal(DateTimeFormat.Date, ((DateTimeDataField)fields[8]).DateTimeFormat);
        Assert.Equal(DateTimeFormat.Timestamp, ((DateTimeDataField)fields[7]).DateTimeFormat);
        Assert.False(fields[0].IsNullable);
        Assert.True(fields[3].IsNullable);
        Assert.Equal((10, 2), (((DecimalDataField)fields[4]).Precision, ((DecimalDataField)fields[4]).Scale));

        var back = await ReadAllAsync(path);
        var expected = OrderRows();
        Assert.Equal(expected.Length, back.Count);
        for (var r = 0; r < expected.Length; r++)
        {
            for (var c = 0; c < s_order.Columns.Count; c++)
            {
                var want = s_order.Columns[c].Category == ColumnCategory.Time && expected[r][c] is TimeSpan t
                    ? RowValueText.Time(t) // TIME is written as its text: MySQL's range does not fit Parquet's time of day
                    : expected[r][c];
                Assert.True(Equals(want, back[r][c]) || (want is byte[] a && back[r][c] is byte[] b && a.AsSpan().SequenceEqual(b)),
                    $"row {r} column {s_order.Columns[c].Name}: wrote {want ?? "NULL"}, read {back[r][c] ?? "NULL"}");
            }
        }
    }

    [Fact]
    public async Task Generated_chinook_in_parquet_holds_the_csv_outputs_values_and_its_shards_split_the_rows()
    {
        var profile = await ProfileSerializer.ReadAsync(RepositoryFiles.Path("profiles/chinook.json"));
        var request = new GenerateRequest { Profile = profile, Scale = new ScaleOptions { Scale = 0.5, Seed = 3 } };
        await GenerateRun.RunAsync(request with { Format = OutputFormat.Csv, OutputPath = _dir.File("csv") });
        await GenerateRun.RunAsync(request with { Format = OutputFormat.Parquet, OutputPath = _dir.File("pq") });
        for (var i = 0; i < 3; i++)
        {
            await GenerateRun.RunAsync(request with
            {
                Format = OutputFormat.Parquet, OutputPath = _dir.File("pq" + i), Shard = new Shard(i, 3),
            });
        }

        var compared = 0;
        foreach (var table in profile.Tables)
        {
            var csv = ReadCsv(Path.Combine(_dir.File("csv"), table.Name + ".csv"));
            var parquet = await ReadAllAsync(Path.Combine(_dir.File("pq"), table.Name + ".parquet"));
            Assert.Equal(csv.Count, parquet.Count);
            for (var r = 0; r < csv.Count; r++)
            {
                for (var c = 0; c < table.Columns.Count; c++)
                {
                    var text = RowValueText.Format(parquet[r][c], table.Columns[c].Category == ColumnCategory.Date);
                    Assert.True(SameValue(table.Columns[c], csv[r][c], text),
                        $"{table.Name} row {r} column {table.Columns[c].Name}: CSV {csv[r][c] ?? "NULL"}, Parquet {text ?? "NULL"}");
                    compared++;
                }
            }

            var shardRows = new List<object?[]>();
            for (var i = 0; i < 3; i++)
                shardRows.AddRange(await ReadAllAsync(Path.Combine(_dir.File("pq" + i), table.Name + ".parquet")));
            Assert.Equal(parquet.Count, shardRows.Count);
            Assert.True(parquet.Zip(shardRows).All(p => p.First.SequenceEqual(p.Second, ValueComparer.Instance)),
                $"{table.Name}: the 3 Parquet shards differ from the unsharded file");
        }

        Assert.True(compared > 30_000, $"only {compared} values compared");
    }

    [Fact]
    public async Task A_non_empty_directory_is_refused_and_an_unfinished_run_leaves_nothing()
    {
        await File.WriteAllTextAsync(_dir.File("keep.txt"), "x");
        var ex = await Assert.ThrowsAsync<OutputException>(() => ParquetFilesWriter.CreateAsync(_dir.Path, replace: false));
        Assert.Contains("The Parquet output directory", ex.Message, StringComparison.Ordinal);

        var writer = await ParquetFilesWriter.CreateAsync(_dir.File("out"), replace: false);
        await using (writer)
        {
            await writer.CreateSchemaAsync([s_order]);
            await writer.WriteRowsAsync(s_order, OrderRows());
        }

        Assert.False(Directory.Exists(_dir.File("out")));
    }

    /// <summary>A CSV value and a Parquet value as the CSV writer would spell it: decimals compare by value (Parquet keeps the
    /// column's scale), everything else by text.</summary>
    private static bool SameValue(ColumnProfile column, string? csv, string? parquet) =>
        column.Category == ColumnCategory.Decimal && csv is not null && parquet is not null
            ? decimal.Parse(csv, System.Globalization.CultureInfo.InvariantCulture)
                == decimal.Parse(parquet, System.Globalization.CultureInfo.InvariantCulture)
            : csv == parquet;

    /// <summary>Every row of a Parquet file, values as Parquet.Net reads them (NULL as null).</summary>
    private static async Task<List<object?[]>> ReadAllAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<object?[]>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var columns = new object?[fields.Length][];
            for (var f = 0; f < fields.Length; f++)
                columns[f] = await ReadColumnAsync(group, fields[f], count);
            for (var r = 0; r < count; r++)
                rows.Add([.. columns.Select(c => c[r])]);
        }

        return rows;
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count)
    {
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            await group.ReadAsync(field, values.AsMemory());
            return values;
        }

        if (field.ClrType == typeof(byte[]) || field.ClrType == typeof(ReadOnlyMemory<byte>))
        {
            var values = new byte[]?[count];
            await group.ReadAsync(field, values.AsMemory());
            return values;
        }

        return field.ClrType switch
        {
            var t when t == typeof(long) => await ReadValuesAsync<long>(group, field, count),
            var t when t == typeof(decimal) => await ReadValuesAsync<decimal>(group, field, count),
            var t when t == typeof(double) => await ReadValuesAsync<double>(group, field, count),
            var t when t == typeof(bool) => await ReadValuesAsync<bool>(group, field, count),
            var t when t == typeof(DateTime) => await ReadValuesAsync<DateTime>(group, field, count),
            var t => throw new InvalidOperationException($"unexpected Parquet type {t} of {field.Name}"),
        };
    }

    private static async Task<object?[]> ReadValuesAsync<T>(ParquetRowGroupReader group, DataField field, int count) where T : struct
    {
        if (field.IsNullable)
        {
            var values = new T?[count];
            await group.ReadAsync<T>(field, values.AsMemory());
            return [.. values.Select(v => v.HasValue ? (object)v.Value : null)];
        }

        var required = new T[count];
        await group.ReadAsync<T>(field, required.AsMemory());
        return [.. required.Select(v => (object?)v)];
    }

    /// <summary>The data records of a CSV file the CSV writer wrote: an empty unquoted field is NULL, <c>""</c> an empty string.</summary>
    private static List<string?[]> ReadCsv(string path)
    {
        var text = File.ReadAllText(path, new UTF8Encoding(false, true));
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted && ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (ch == '"')
            {
                quoted = !quoted;
                if (quoted && field.Length == 0)
                    field.Append('\0'); // marks a quoted field, so "" is an empty string and not NULL
            }
            else if (!quoted && (ch == ',' || ch == '\n'))
            {
                fields.Add(field.Length == 0 ? null : field.ToString().TrimStart('\0'));
                field.Clear();
                if (ch == '\n')
                {
                    records.Add([.. fields]);
                    fields.Clear();
                }
            }
            else
            {
                field.Append(ch);
            }
        }

        return records.Skip(1).ToList(); // the header
    }

    private sealed class ValueComparer : IEqualityComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            object.Equals(x, y) || (x is byte[] a && y is byte[] b && a.AsSpan().SequenceEqual(b));

        public int GetHashCode(object? obj) => 0;
    }
}
