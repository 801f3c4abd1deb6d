using ElasticDuckface.Profiles;
using ElasticDuckface.Schema;

namespace ElasticDuckface.Core.Tests.Generation;

/// <summary>Small profiles built in code.</summary>
internal static class TestProfiles
{
    /// <summary>The text of a test profile: a fixture of tests/data or one shipped in profiles/ (<see
    /// cref="SuiteProfiles.Profile"/>).</summary>
    public static string ShippedJson(string name) => File.ReadAllText(SuiteProfiles.Profile(name));

    public static DatabaseProfile Database(params TableProfile[] tables) => new()
    {
        Source = new ProfileSource("sqlite"),
        Settings = new ProfileSettings(),
        Tables = [.. tables.OrderBy(t => t.Name, StringComparer.Ordinal)],
    };

    public static ColumnProfile Id(string name = "id") => new()
    {
        Name = name,
        SqlType = "INTEGER",
        Category = ColumnCategory.Integer,
        AutoIncrement = true,
    };

    public static ColumnProfile Int(string name, bool nullable = false, double nullFraction = 0, Distribution? distribution = null) => new()
    {
        Name = name,
        SqlType = "INTEGER",
        Category = ColumnCategory.Integer,
        Nullable = nullable,
        Stats = distribution is null ? null : new ColumnStatistics { NullFraction = nullFraction, Distribution = distribution },
    };

    public static ColumnProfile Text(string name, int length, TextShape shape = TextShape.FreeText, bool nullable = false,
        double nullFraction = 0) => new()
    {
        Name = name,
        SqlType = $"VARCHAR({length})",
        Category = ColumnCategory.String,
        Length = length,
        Nullable = nullable,
        Stats = new ColumnStatistics { NullFraction = nullFraction, Distribution = new TextDistribution { Shape = shape,
            Lengths = [1, 5, 12, 30] } },
    };

    public static ColumnProfile Column(string name, string sqlType, ColumnCategory category, Distribution? distribution,
        bool nullable = false,
        double nullFraction = 0, long? length = null, int? scale = null, int? precision = null) => new()
    {
        Name = name,
        SqlType = sqlType,
        Category = category,
        Nullable = nullable,
        Length = length,
        Scale = scale,
        Precision = precision,
        Stats = distribution is null ? null : new ColumnStatistics { NullFraction = nullFraction, Distribution = distribution },
    };

    public static ForeignKeyProfile Fk(string name, string column, string parent, string parentColumn = "id",
        FanOutStatistics? stats = null) => new()
    {
        Name = name,
        Columns = [column],
        ReferencedTable = parent,
        ReferencedColumns = [parentColumn],
        Stats = stats,
    };

    public static FanOutStatistics FanOut(double nullFraction, params (long Children, long Parents)[] bins)
    {
        var parents = bins.Sum(b => b.Parents);
        var children = bins.Sum(b => b.Children * b.Parents);
        return new FanOutStatistics
        {
            ParentRows = parents,
            ChildRows = children,
            NullFraction = nullFraction,
            Mean = parents == 0 ? 0 : (double)children / parents,
            Max = bins.Length == 0 ? 0 : bins.Max(b => b.Children),
            Histogram = [.. bins.OrderBy(b => b.Children).Select(b => new FanOutBin(b.Children, b.Parents))],
        };
    }

    public static TableProfile Table(string name, long rows, IReadOnlyList<ColumnProfile> columns, string[]? primaryKey = null,
        IReadOnlyList<ForeignKeyProfile>? foreignKeys = null, IReadOnlyList<KeyProfile>? uniqueKeys = null) => new()
    {
        Name = name,
        RowCount = rows,
        Columns = columns,
        PrimaryKey = new KeyProfile("pk_" + name, primaryKey ?? ["id"]),
        ForeignKeys = foreignKeys ?? [],
        UniqueKeys = uniqueKeys ?? [],
    };

    /// <summary>A Chinook-like schema: artists ← albums ← tracks, playlists ↔ tracks, employees reporting to employees.</summary>
    public static DatabaseProfile Music()
    {
        var artists = Table("artists", 20, [Id(), Text("name", 40, TextShape.Name)]);
        var albums = Table("albums", 50, [Id(), Text("title", 60), Int("artist_id")],
            foreignKeys: [Fk("fk_albums_artist", "artist_id", "artists",
                stats: FanOut(0, (0, 4), (1, 6), (2, 4), (4, 3), (8, 2), (5, 1)))]);
        var tracks = Table("tracks", 200, [Id(), Text("name", 80), Int("album_id"),
                Column("price", "NUMERIC(10,2)", ColumnCategory.Decimal, new NumericDistribution { Quantiles = [0.99, 0.99, 1.99] },
                    scale: 2, precision: 10)],
            foreignKeys: [Fk("fk_tracks_album", "album_id", "albums", stats: FanOut(0, (2, 10), (4, 30), (6, 10)))]);
        var playlists = Table("playlists", 10, [Id(), Text("name", 30)]);
        var playlistTrack = Table("playlist_track", 120, [Int("playlist_id"), Int("track_id")], primaryKey: ["playlist_id", "track_id"],
            foreignKeys:
            [
                Fk("fk_pt_playlist", "playlist_id", "playlists", stats: FanOut(0, (0, 2), (5, 2), (20, 4), (30, 2))),
                Fk("fk_pt_track", "track_id", "tracks", stats: FanOut(0, (0, 100), (1, 80), (2, 20))),
            ]);
        var employees = Table("employees", 8, [Id(), Text("email", 60, TextShape.Email),
            Int("reports_to", nullable: true, nullFraction: 0.125)],
            foreignKeys: [Fk("fk_employees_manager", "reports_to", "employees", stats: FanOut(0.125, (0, 5), (2, 1), (3, 1), (2, 1)))]);
        return Database(artists, albums, tracks, playlists, playlistTrack, employees);
    }
}
