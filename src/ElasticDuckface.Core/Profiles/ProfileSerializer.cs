using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace ElasticDuckface.Profiles;

/// <summary>
/// Reads and writes profile JSON: camelCase, indented, culture-invariant and byte-stable (the same profile always gives
/// the same bytes), so profiles can be reviewed in diffs.
/// </summary>
public static partial class ProfileSerializer
{
    /// <summary>The serializer options used for profiles.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new FiniteDoubleConverter());
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitOptionalDefaults, OmitHiddenSizes } };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// <c>jointForeignKeys</c>, <c>orderings</c>, <c>databases</c> and a foreign key's <c>declared</c> were added as optional
    /// fields: left out when empty (or true), so the profiles that do not use them (and every older profile) keep their bytes.
    /// </summary>
    private static void OmitOptionalDefaults(JsonTypeInfo typeInfo)
    {
        // a verify report's per-state fan-outs (added later, optional) likewise: reports without any keep their bytes
        if (typeInfo.Type == typeof(Verification.TableFidelity))
        {
            foreach (var property in typeInfo.Properties.Where(p => p.Name == "parentStateFanOuts"))
            {
                property.ShouldSerialize = (_, value) =>
                    value is IReadOnlyCollection<Verification.ParentStateFanOutFidelity> { Count: > 0 };
            }
        }

        // declared (the default) is left out, so every profile without undeclared references keeps its bytes
        if (typeInfo.Type == typeof(ForeignKeyProfile))
        {
            foreach (var property in typeInfo.Properties.Where(p => p.Name == "declared"))
                property.ShouldSerialize = (_, value) => value is false;
            foreach (var property in typeInfo.Properties.Where(p => p.Name == "minChildren"))
                property.ShouldSerialize = (_, value) => value is not 0;
        }

        if (typeInfo.Type == typeof(DatabaseProfile))
        {
            foreach (var property in typeInfo.Properties.Where(p => p.Name == "databases"))
                property.ShouldSerialize = (_, value) => value is IReadOnlyCollection<string> { Count: > 0 };
        }

        if (typeInfo.Type == typeof(Verification.TableFidelity))
        {
            foreach (var property in typeInfo.Properties.Where(p => p.Name == "childFanOutCorrelations"))
                property.ShouldSerialize = (_, value) =>
                    value is IReadOnlyCollection<Verification.ChildFanOutCorrelationFidelity> { Count: > 0 };
        }

        if (typeInfo.Type != typeof(TableProfile))
            return;
        foreach (var property in typeInfo.Properties.Where(p => p.Name == "jointForeignKeys"))
            property.ShouldSerialize = (_, value) => value is IReadOnlyCollection<JointForeignKeyProfile> { Count: > 0 };
        foreach (var property in typeInfo.Properties.Where(p => p.Name == "childFanOutCorrelations"))
            property.ShouldSerialize = (_, value) => value is IReadOnlyCollection<ChildFanOutCorrelation> { Count: > 0 };
        foreach (var property in typeInfo.Properties.Where(p => p.Name == "orderings"))
            property.ShouldSerialize = (_, value) => value is IReadOnlyCollection<ColumnOrderingProfile> { Count: > 0 };
    }

    /// <summary>
    /// With hidden sizes (format 3) the count a relative figure replaces is not written: <c>rowCount</c> beside
    /// <c>relativeSize</c>, <c>distinctCount</c> beside <c>distinctRatio</c>, a bin's <c>parents</c> beside its <c>share</c>,
    /// a fan-out's <c>parentRows</c>/<c>childRows</c> when its bins hold shares, and the <c>rows</c> of joint foreign keys,
    /// orderings and parent states when 0 (hidden, or none measured). Visible-size profiles keep their bytes.
    /// </summary>
    private static void OmitHiddenSizes(JsonTypeInfo typeInfo)
    {
        void Omit(string name, Func<object, object?, bool> when)
        {
            foreach (var property in typeInfo.Properties.Where(p => p.Name == name))
                property.ShouldSerialize = (o, v) => !when(o, v);
        }

        if (typeInfo.Type == typeof(TableProfile))
            Omit("rowCount", (o, _) => ((TableProfile)o).RelativeSize is not null);
        else if (typeInfo.Type == typeof(ColumnStatistics))
            Omit("distinctCount", (o, _) => ((ColumnStatistics)o).DistinctRatio is not null);
        else if (typeInfo.Type == typeof(FanOutBin))
            Omit("parents", (o, _) => ((FanOutBin)o).Share is not null);
        else if (typeInfo.Type == typeof(FanOutStatistics))
        {
            Omit("parentRows", (o, _) => ((FanOutStatistics)o).Histogram.Any(b => b.Share is not null));
            Omit("childRows", (o, _) => ((FanOutStatistics)o).Histogram.Any(b => b.Share is not null));
        }
        else if (typeInfo.Type == typeof(ProfileSettings))
        {
            Omit("hideSizes", (_, v) => v is false);
            Omit("fanOutClusters", (_, v) => v is false);
        }
        else if (typeInfo.Type == typeof(JointForeignKeyProfile) || typeInfo.Type == typeof(ColumnOrderingProfile)
                 || typeInfo.Type == typeof(ParentStateProfile))
            Omit("rows", (_, v) => v is 0L);
    }

    /// <summary>Serializes a profile to its canonical JSON text (ending with a newline).</summary>
    public static string Serialize(DatabaseProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return CompactScalarArrays(JsonSerializer.Serialize(profile, Options)) + "\n";
    }

    // null included: prefix lengths hold null for a whole column
    [GeneratedRegex(@"\[\n\s*((?:-?[0-9][0-9.eE+-]*|""[^""\\\n]{0,40}""|true|false|null)"
        + @"(?:,\n\s*(?:-?[0-9][0-9.eE+-]*|""[^""\\\n]{0,40}""|true|false|null))*)\n\s*\]")]
    private static partial Regex ScalarArray();

    [GeneratedRegex(@",\n\s*")]
    private static partial Regex ItemBreak();

    /// <summary>Writes arrays of numbers and short strings (quantiles, key columns) on one line: shorter, still diffable.</summary>
    private static string CompactScalarArrays(string json) =>
        ScalarArray().Replace(json, m => "[" + ItemBreak().Replace(m.Groups[1].Value, ", ") + "]");

    /// <summary>
    /// Refuses a profile path that cannot be written before the database is read: profiling a large database takes hours,
    /// and its result would be lost at the end. It writes and removes the temporary file <see cref="WriteAsync"/> would use.
    /// </summary>
    /// <exception cref="OutputException">The path is a directory, or its directory is missing or not writable.</exception>
    public static void EnsureWritable(string path)
    {
        var (full, temp) = Paths(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new OutputException($"Cannot write the profile to '{path}': the directory '{directory}' does not exist. "
                + "Create it first or choose another path with -o.");
        }

        try
        {
            using (File.Create(temp, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"Cannot write the profile to '{path}': {ex.Message.Replace(temp, full, StringComparison.Ordinal)} "
                + "Choose a writable path with -o.", ex);
        }
    }

    /// <summary>Writes a profile to a file, atomically (a temporary file renamed into place).</summary>
    public static async Task WriteAsync(DatabaseProfile profile, string path, CancellationToken cancellationToken = default)
    {
        var (full, temp) = Paths(path);
        var text = Serialize(profile);
        try
        {
            await File.WriteAllTextAsync(temp, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new OutputException($"Cannot write the profile to '{path}': {ex.Message} Choose a writable path with -o.", ex);
        }
    }

    /// <summary>Parses profile JSON text and checks it.</summary>
    /// <exception cref="ProfileFormatException">The text is not a valid profile of a supported version.</exception>
    public static DatabaseProfile Deserialize(string json, string sourceName = "profile")
    {
        ArgumentNullException.ThrowIfNull(json);
        int? version;
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new ProfileFormatException($"{sourceName} is not a duckface profile: the JSON root must be an object. "
                    + "Write one with 'duckface profile'.", "$");
            version = doc.RootElement.TryGetProperty("formatVersion", out var v)
                && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var iv) ? iv : null;
        }
        catch (JsonException ex)
        {
            throw new ProfileFormatException($"{sourceName} is not valid JSON "
                + $"(line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): "
                + $"{FirstSentence(ex.Message)} Regenerate it with 'duckface profile'.", ex.Path, ex);
        }

        if (version is null)
            throw new ProfileFormatException($"{sourceName} has no numeric 'formatVersion': it is not a duckface profile. "
                + "Write one with 'duckface profile'.", "$.formatVersion");
        if (version > DatabaseProfile.HiddenSizesFormatVersion)
            throw new ProfileFormatException($"{sourceName} has format version {version}, "
                + $"newer than this duckface reads ({DatabaseProfile.HiddenSizesFormatVersion}). Upgrade duckface.", "$.formatVersion");
        if (version < 1)
            throw new ProfileFormatException($"{sourceName} has an invalid format version {version}.", "$.formatVersion");

        DatabaseProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<DatabaseProfile>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ProfileFormatException($"{sourceName} is malformed at {ex.Path ?? "$"}: "
                + $"{FirstSentence(ex.Message)} Regenerate it with 'duckface profile'.", ex.Path, ex);
        }
        catch (NotSupportedException ex)
        {
            // a distribution without its "kind" (System.Text.Json's polymorphism needs the discriminator first)
            var path = PathOf(ex.Message);
            throw new ProfileFormatException($"{sourceName} is malformed at {path}: a distribution needs its \"kind\" "
                + "(numeric, categorical, text, ...) as its first property. Regenerate it with 'duckface profile'.", path, ex);
        }

        if (profile is null)
            throw new ProfileFormatException($"{sourceName} is empty (null). Write one with 'duckface profile'.", "$");
        ProfileValidator.Validate(profile, sourceName);
        return profile;
    }

    private static string PathOf(string message)
    {
        var at = message.IndexOf("Path: ", StringComparison.Ordinal);
        if (at < 0)
            return "$";
        var path = message[(at + 6)..];
        var end = path.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? path : path[..end];
    }

    private static (string Full, string Temp) Paths(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new OutputException($"Cannot write the profile to '{path}': it is a directory. Give a file name with -o, "
                + $"e.g. -o {Path.Combine(path, "profile.json")}.");
        }

        return (full, full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Reads and checks a profile file.</summary>
    /// <exception cref="DuckfaceException">The file cannot be read (exit code 5, file error).</exception>
    /// <exception cref="ProfileFormatException">The file is not a valid profile (exit code 2).</exception>
    public static async Task<DatabaseProfile> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (Directory.Exists(path))
            throw new DuckfaceException($"Cannot read the profile '{path}': it is a directory. Give the profile's JSON file.",
                ExitCodes.OutputError);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // a missing or unreadable file is a file error (exit 5); a file that is not a valid profile is invalid input (exit 2)
            throw new DuckfaceException($"Cannot read the profile '{path}': {ex.Message} Check the path.", ExitCodes.OutputError, ex);
        }

        return Deserialize(text, $"Profile '{path}'");
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return i < 0 ? message.TrimEnd('.') + "." : message[..(i + 1)];
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
