namespace ElasticDuckface.Data.Profiling.Inference;

/// <summary>A single-column reference <c>table.column -> referencedTable.referencedColumn</c>, declared or not.</summary>
/// <param name="Table">The child table.</param>
/// <param name="Column">The referencing column of the child table.</param>
/// <param name="ReferencedTable">The parent table.</param>
/// <param name="ReferencedColumn">The parent's primary or unique key column.</param>
public sealed record ColumnReference(string Table, string Column, string ReferencedTable, string ReferencedColumn)
{
    /// <summary>The reference as a review file writes it: <c>child.column -> parent.column</c>.</summary>
    public override string ToString() => $"{Table}.{Column} -> {ReferencedTable}.{ReferencedColumn}";

    /// <summary>
    /// Parses <c>child.column -> parent.column</c> (spaces around the arrow optional); a table name may itself hold dots
    /// (<c>nova_api.instance_mappings.instance_uuid</c>): the column is what follows the last dot. Null when malformed.
    /// </summary>
    public static ColumnReference? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0)
            return null;
        var child = Split(text[..arrow].Trim());
        var parent = Split(text[(arrow + 2)..].Trim());
        return child is null || parent is null ? null : new ColumnReference(child.Value.Table, child.Value.Column, parent.Value.Table,
            parent.Value.Column);
    }

    private static (string Table, string Column)? Split(string qualified)
    {
        var dot = qualified.LastIndexOf('.');
        if (dot <= 0 || dot == qualified.Length - 1 || qualified.Any(char.IsWhiteSpace))
            return null;
        return (qualified[..dot], qualified[(dot + 1)..]);
    }
}
