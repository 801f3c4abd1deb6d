using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Generation;

/// <summary>How a table's key columns are generated: which FK fills which column, which columns are sequences or
/// bijections, which composite keys need duplicate repair or per-group ranks.</summary>
internal sealed class KeyLayout
{
    public KeyLayout(TableProfile table, IReadOnlyDictionary<string, TableProfile> tables)
    {
        var n = table.Columns.Count;
        ColumnFk = new int[n];
        ColumnFkPosition = new int[n];
        Array.Fill(ColumnFk, -1);
        Roles = new ColumnRole[n];
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
            index[table.Columns[i].Name] = i;

        // usable FKs, composite first so a column shared with a single-column FK takes the composite parent's tuple
        var candidates = new List<ForeignKeyProfile>();
        foreach (var fk in table.ForeignKeys)
        {
            if (fk.Columns.Count > 0 && fk.Columns.Count == fk.ReferencedColumns.Count
                && tables.TryGetValue(fk.ReferencedTable, out var parent)
                && fk.Columns.All(index.ContainsKey) && fk.ReferencedColumns.All(c => parent.FindColumn(c) is not null))
                candidates.Add(fk);
        }

        var ordered = candidates.Select((fk, i) => (fk, i)).OrderByDescending(p => p.fk.Columns.Count).ThenBy(p => p.i).Select(p => p.fk);
        var fks = new List<ForeignKeyProfile>();
        foreach (var fk in ordered)
        {
            var claimed = false;
            for (var p = 0; p < fk.Columns.Count; p++)
            {
                var c = index[fk.Columns[p]];
                if (ColumnFk[c] >= 0)
                    continue;
                ColumnFk[c] = fks.Count;
                ColumnFkPosition[c] = p;
                Roles[c] = ColumnRole.ForeignKey;
                claimed = true;
            }

            if (claimed)
                fks.Add(fk);
        }

        ForeignKeys = fks;
        OneToOne = new bool[fks.Count];
        for (var f = 0; f < fks.Count; f++)
            OneToOne[f] = SchemaFacts.IsOneToOne(table, fks[f]);

        for (var i = 0; i < n; i++)
        {
            var col = table.Columns[i];
            if (Roles[i] == ColumnRole.None && col.Category is ColumnCategory.Integer
                && (col.AutoIncrement || col.Stats?.Distribution is SequenceDistribution))
                Roles[i] = ColumnRole.Sequence;
        }

        var keys = SchemaFacts.Keys(table);
        foreach (var key in keys)
        {
            if (key.Columns.Count != 1 || !index.TryGetValue(key.Columns[0], out var c) || Roles[c] != ColumnRole.None)
                continue;
            var isPk = ReferenceEquals(key, table.PrimaryKey);
            Roles[c] = isPk && table.Columns[c].Category == ColumnCategory.Integer ? ColumnRole.Sequence : ColumnRole.Unique;
        }

        var pairs = new List<(int, int)>();
        var ranks = new Dictionary<int, int[]>();
        foreach (var key in keys)
        {
            if (key.Columns.Count < 2 || !key.Columns.All(index.ContainsKey))
                continue;
            var cols = key.Columns.Select(c => index[c]).ToArray();
            if (cols.Any(c => Roles[c] is ColumnRole.Sequence or ColumnRole.Unique))
                continue;
            var group = new List<int>();
            foreach (var c in cols)
            {
                if (ColumnFk[c] >= 0 && !group.Contains(ColumnFk[c]))
                    group.Add(ColumnFk[c]);
            }

            var free = cols.Where(c => Roles[c] == ColumnRole.None).ToArray();
            if (free.Length > 0)
            {
                var last = SchemaFacts.KeyCarrier(table, free);
                if (group.Count == 0)
                {
                    Roles[last] = ColumnRole.Unique;
                }
                else
                {
                    Roles[last] = ColumnRole.Rank;
                    ranks[last] = [.. group];
                }
            }
            else if (cols.All(c => ColumnFk[c] >= 0))
            {
                if (group.Count == 1)
                    OneToOne[group[0]] = true;
                else if (!pairs.Contains((group[0], group[1])))
                    pairs.Add((group[0], group[1]));
            }
        }

        Pairs = pairs;
        RankGroups = ranks;
        PrimaryFk = pairs.Count > 0 ? pairs[0].Item1 : -1;
        if (PrimaryFk < 0 && table.PrimaryKey is { Columns.Count: > 0 } pk && index.TryGetValue(pk.Columns[0], out var first)
            && ColumnFk[first] >= 0)
            PrimaryFk = ColumnFk[first];
        for (var f = 0; PrimaryFk < 0 && f < fks.Count; f++)
        {
            if (!SchemaFacts.IsSelf(table, fks[f]))
                PrimaryFk = f;
        }
    }

    public enum ColumnRole
    {
        None,
        ForeignKey,
        Sequence,
        Unique,
        Rank,
    }

    /// <summary>The FKs that fill at least one column, composite first.</summary>
    public IReadOnlyList<ForeignKeyProfile> ForeignKeys { get; }

    /// <summary>Per column: the index into <see cref="ForeignKeys"/> that fills it, or -1.</summary>
    public int[] ColumnFk { get; }

    /// <summary>Per FK column: its position within the FK's column list.</summary>
    public int[] ColumnFkPosition { get; }

    public ColumnRole[] Roles { get; }

    /// <summary>Per FK: at most one child per parent.</summary>
    public bool[] OneToOne { get; }

    /// <summary>Composite keys made of FK columns only: (first FK, second FK) pairs kept duplicate-free.</summary>
    public IReadOnlyList<(int First, int Second)> Pairs { get; }

    /// <summary>Columns that take a bijection of the row's rank within the group of these FKs' parents.</summary>
    public IReadOnlyDictionary<int, int[]> RankGroups { get; }

    /// <summary>The FK whose children are contiguous per parent; the other non-self FKs are shuffled.</summary>
    public int PrimaryFk { get; }
}
