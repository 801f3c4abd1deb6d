using ElasticDuckface.Data.Tests.Infrastructure;
using System.Text;
using ElasticDuckface.Data.Writers;
using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using static ElasticDuckface.Data.Tests.Writers.WriterSchemas;

namespace ElasticDuckface.Data.Tests.Writers;

public sealed class CsvWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly TableProfile s_table = new()
    {
        Name = "things",
        Columns =
        [
            Col("id", "int", ColumnCategory.Integer),
            Col("name, full", "varchar(20)", ColumnCategory.String, nullable: true),
            Col("note", "text", ColumnCategory.Text, nullable: true),
            Col("flag", "tinyint(1)", ColumnCategory.Boolean, nullable: true),
            Col("blob", "blob", ColumnCategory.Binary, nullable: true),
            Col("at", "datetime", ColumnCategory.DateTime, nullable: true),
            Col("d", "date", ColumnCategory.Date, nullable: true),
            Col("amount", "decimal(6,2)", ColumnCategory.Decimal, nullable: true),
        ],
    };

    private static readonly object?[][] s_rows =
    [
        [1L, "plain", "with,comma", true, new byte[] { 0xAB, 0x01 }, new DateTime(2024, 1, 2, 3, 4, 5), new DateTime(2024, 1, 2), 1234.50m],
        [2L, null, "", false, null, null, null, null],
        [3L, "quote \"x\"", "line\nbreak\r\n", null, Array.Empty<byte>(), new DateTime(2024, 1, 2, 3, 4, 5, 250), null, -0.01m],
    ];

    [Fact]
    public async Task Fields_are_quoted_as_rfc_4180_requires_with_null_empty_and_empty_string_quoted()
    {
        var writer = await CsvWriter.CreateAsync(_dir.Path, replace: false);
        await using (writer)
        {
            await writer.CreateSchemaAsync([s_table]);
            Assert.Equal(3, await writer.WriteRowsAsync(s_table, s_rows));
            await writer.CompleteAsync();
        }

        var bytes = await File.ReadAllBytesAsync(_dir.File("things.csv"));
        Assert.Equal(
            "id,\"name, full\",note,flag,blob,at,d,amount\n" +
            "1,plain,\"with,comma\",1,ab01,2024-01-02 03:04:05,2024-01-02,1234.50\n" +
            "2,,\"\",0,,,,\n" +
            "3,\"quote \"\"x\"\"\",\"line\nbreak\r\n\",,\"\",2024-01-02 03:04:05.25,,-0.01\n",
            new UTF8Encoding(false, true).GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal(["things.csv"], _dir.Entries());
    }

    [Fact]
    public async Task Every_table_gets_a_file_and_names_that_are_not_file_names_are_made_safe()
    {
        var other = new TableProfile { Name = "../a/b", Columns = [Col("x", "int", ColumnCategory.Integer)] };
        var target = Path.Combine(_dir.Path, "new", "dir");
        var writer = await CsvWriter.CreateAsync(target, replace: false);
        await using (writer)
        {
            await writer.CreateSchemaAsync([s_table, other]);
            await writer.WriteRowsAsync(s_table, []);
            await writer.CompleteAsync();
        }

        Assert.Equal(["___a_b.csv", "things.csv"], Directory.EnumerateFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("x\n", await File.ReadAllTextAsync(Path.Combine(target, "___a_b.csv")));
        Assert.Empty(Directory.EnumerateDirectories(target));
    }

    [Fact]
    public async Task A_non_empty_directory_is_refused_without_replace_and_left_untouched()
    {
        await File.WriteAllTextAsync(_dir.File("things.csv"), "precious");

        var ex = await Assert.ThrowsAsync<OutputException>(() => CsvWriter.CreateAsync(_dir.Path, replace: false));

        Assert.Contains(_dir.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("--replace", ex.Message, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(_dir.File("things.csv")));
    }

    [Fact]
    public async Task Replace_overwrites_only_the_schema_files_once_complete()
    {
        await File.WriteAllTextAsync(_dir.File("things.csv"), "precious");
        await File.WriteAllTextAsync(_dir.File("keep.txt"), "mine");

        var writer = await CsvWriter.CreateAsync(_dir.Path, replace: true);
        await using (writer)
        {
            await writer.CreateSchemaAsync([s_table]);
            await writer.WriteRowsAsync(s_table, s_rows.Take(1));
            Assert.Equal("precious", await File.ReadAllTextAsync(_dir.File("things.csv")));
            await writer.CompleteAsync();
        }

        Assert.StartsWith("id,", await File.ReadAllTextAsync(_dir.File("things.csv")), StringComparison.Ordinal);
        Assert.Equal(["keep.txt", "things.csv"], _dir.Entries());
    }

    [Fact]
    public async Task Disposing_without_completing_leaves_nothing_behind()
    {
        var target = Path.Combine(_dir.Path, "out");
        var writer = await CsvWriter.CreateAsync(target, replace: false);
        await writer.CreateSchemaAsync([s_table]);
        await writer.WriteRowsAsync(s_table, s_rows);

        await writer.DisposeAsync();

        Assert.Empty(_dir.Entries());
    }
}
