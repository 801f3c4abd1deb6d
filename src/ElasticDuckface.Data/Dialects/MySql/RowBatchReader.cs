using System.Collections;
using System.Data.Common;

namespace ElasticDuckface.Data.Dialects.MySql;

/// <summary>
/// A forward-only <see cref="DbDataReader"/> over generated rows, so <see cref="MySqlConnector.MySqlBulkCopy"/> streams
/// them into <c>LOAD DATA LOCAL</c> without copying them into a <see cref="System.Data.DataTable"/> first. It stops after
/// <c>maxRows</c> rows (one LOAD DATA statement, one bounded transaction); <see cref="HasMoreRows"/> says whether
/// the source has more.
/// </summary>
internal sealed class RowBatchReader(IEnumerator<object?[]> rows, int fieldCount, long maxRows) : DbDataReader
{
    private object?[]? _current;
    private long _read;
    private bool _exhausted;

    /// <summary>Whether the underlying rows were not all consumed by this batch.</summary>
    public bool HasMoreRows => !_exhausted;

    public override int FieldCount => fieldCount;

    public override bool Read()
    {
        if (_read >= maxRows || _exhausted)
            return false;
        if (!rows.MoveNext())
        {
            _exhausted = true;
            _current = null;
            return false;
        }

        _current = rows.Current;
        if (_current.Length != fieldCount)
            throw new ArgumentException($"A row has {_current.Length} values; the table has {fieldCount} columns.");
        _read++;
        return true;
    }

    public override object GetValue(int ordinal) => _current![ordinal] ?? DBNull.Value;

    public override bool IsDBNull(int ordinal) => _current![ordinal] is null;

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = Math.Min(values.Length, fieldCount);
        for (var i = 0; i < n; i++)
            values[i] = GetValue(i);
        return n;
    }

    public override string GetName(int ordinal) => "c" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override int GetOrdinal(string name) => int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

    public override Type GetFieldType(int ordinal) => _current?[ordinal]?.GetType() ?? typeof(object);

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => Convert.ToByte(GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = (byte[])GetValue(ordinal);
        if (buffer is null)
            return bytes.Length;
        var n = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, n);
        return n;
    }

    public override char GetChar(int ordinal) => ((string)GetValue(ordinal))[0];

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = (string)GetValue(ordinal);
        if (buffer is null)
            return text.Length;
        var n = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, n);
        return n;
    }

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)(double)GetValue(ordinal);

    public override Guid GetGuid(int ordinal) => Guid.Parse((string)GetValue(ordinal));

    public override short GetInt16(int ordinal) => (short)(long)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)(long)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override int Depth => 0;

    public override bool HasRows => true;

    public override bool IsClosed => false;

    public override int RecordsAffected => -1;

    public override bool NextResult() => false;

    public override IEnumerator GetEnumerator() => throw new NotSupportedException("Iterate with Read().");
}
