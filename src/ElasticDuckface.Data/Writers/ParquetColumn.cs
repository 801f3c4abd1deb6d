using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;
using Parquet;
using Parquet.Schema;

namespace ElasticDuckface.Data.Writers;

/// <summary>
/// One table column as a typed Parquet column: integers and years INT64 (UINT64 past 2^63 − 1), decimals DECIMAL(precision,
/// scale), floats DOUBLE, booleans BOOLEAN, dates DATE, date-times TIMESTAMP (microseconds, not adjusted to UTC: the values
/// have no zone), binary BYTE_ARRAY, and every text category UTF-8 strings; TIME as its text (MySQL's range, -838:59:59 to
/// 838:59:59, does not fit Parquet's TIME of day). Required when the column is NOT NULL, optional otherwise.
/// </summary>
internal abstract class ParquetColumn(DataField field, int index)
{
    /// <summary>The DECIMAL precision used when the profile has none: the most a .NET decimal written as 16 bytes holds.</summary>
    public const int DefaultPrecision = 38;

    /// <summary>The DECIMAL scale used when the profile has none.</summary>
    public const int DefaultScale = 18;

    /// <summary>The Parquet field.</summary>
    public DataField Field { get; } = field;

    /// <summary>The column's position in a row.</summary>
    protected int Index { get; } = index;

    /// <summary>The typed columns of a table, in column order.</summary>
    public static IReadOnlyList<ParquetColumn> For(TableProfile table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.Columns.Select((c, i) => For(c, i))];
    }

    private static ParquetColumn For(ColumnProfile column, int index)
    {
        var name = column.Name;
        var nullable = column.Nullable;
        return column.Category switch
        {
            // values above 2^63 − 1 (a BIGINT UNSIGNED near 2^64) do not fit INT64: UINT64 holds them
            ColumnCategory.Integer when column.Unsigned && ProfiledIntegers.BeyondInt64(column) =>
                new ValueColumn<ulong>(new DataField<ulong>(name, nullable), index, nullable, v => Convert.ToUInt64(v, null)),
            ColumnCategory.Integer or ColumnCategory.Year =>
                new ValueColumn<long>(new DataField<long>(name, nullable), index, nullable, v => Convert.ToInt64(v, null)),
            ColumnCategory.Decimal => new ValueColumn<decimal>(
                new DecimalDataField(name, column.Precision ?? DefaultPrecision, column.Scale ?? DefaultScale, isNullable: nullable),
                index, nullable, v => Convert.ToDecimal(v, null)),
            ColumnCategory.Float =>
                new ValueColumn<double>(new DataField<double>(name, nullable), index, nullable, v => Convert.ToDouble(v, null)),
            ColumnCategory.Boolean =>
                new ValueColumn<bool>(new DataField<bool>(name, nullable), index, nullable, v => Convert.ToBoolean(v, null)),
            ColumnCategory.Date => new ValueColumn<DateTime>(
                new DateTimeDataField(name, DateTimeFormat.Date, isNullable: nullable), index, nullable, v => (DateTime)v),
            ColumnCategory.DateTime => new ValueColumn<DateTime>(
                new DateTimeDataField(name, DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros,
                    isNullable: nullable), index, nullable, v => (DateTime)v),
            ColumnCategory.Binary => new BinaryColumn(new DataField<byte[]>(name, nullable), index),
            _ => new TextColumn(new DataField<string>(name, nullable), index),
        };
    }

    /// <summary>A rough size of a value in memory, to bound a row group's buffer.</summary>
    public static long EstimatedBytes(object? value) => value switch
    {
        string s => 24 + 2L * s.Length,
        byte[] b => 24 + b.Length,
        _ => 16,
    };

    /// <summary>Writes this column of <paramref name="rows"/> into <paramref name="group"/>.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken);

    private sealed class ValueColumn<T>(DataField field, int index, bool nullable, Func<object, T> convert) : ParquetColumn(field, index)
        where T : struct
    {
        public override async Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows,
            CancellationToken cancellationToken)
        {
            if (nullable)
            {
                var values = new T?[rows.Count];
                for (var i = 0; i < values.Length; i++)
                    values[i] = rows[i][Index] is { } v and not DBNull ? convert(v) : null;
                await group.WriteAsync<T>(Field, (ReadOnlyMemory<T?>)values, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var values = new T[rows.Count];
                for (var i = 0; i < values.Length; i++)
                    values[i] = convert(rows[i][Index] ?? throw NullInRequired());
                await group.WriteAsync<T>(Field, (ReadOnlyMemory<T>)values, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private sealed class TextColumn(DataField field, int index) : ParquetColumn(field, index)
    {
        public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
        {
            var values = new string?[rows.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = rows[i][Index] is string s ? s : RowValueText.Format(rows[i][Index], dateOnly: false);
            if (!Field.IsNullable && values.Contains(null))
                throw NullInRequired();
            return group.WriteAsync(Field, values!);
        }
    }

    private sealed class BinaryColumn(DataField field, int index) : ParquetColumn(field, index)
    {
        public override Task WriteAsync(ParquetRowGroupWriter group, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
        {
            var values = new byte[]?[rows.Count];
            for (var i = 0; i < values.Length; i++)
                values[i] = rows[i][Index] as byte[];
            if (!Field.IsNullable && values.Contains(null))
                throw NullInRequired();
            return group.WriteAsync(Field, values!);
        }
    }

    private InvalidOperationException NullInRequired() =>
        new($"A NULL was generated for NOT NULL column '{Field.Name}'; this is a bug, please report it.");
}
