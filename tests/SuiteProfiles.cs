namespace ElasticDuckface.Tests;

/// <summary>
/// The profiles the tests read: the suite's own fixtures (tests/data, copied next to the test binaries by
/// tests/Directory.Build.props, so they are found wherever the binaries run) and the shipped ones (profiles/ of the
/// repository).
/// </summary>
internal static class SuiteProfiles
{
    /// <summary>
    /// The synthetic Nova-shaped fixture (29 tables from the SQLite model of examples/nova/schema.sql, the suite's only
    /// format-1 profile): what the golden hashes, the old-format and several generation tests are about. The shipped
    /// profiles/nova-example.json is the real Nova schema instead.
    /// </summary>
    public const string NovaSynthetic = "nova-synthetic.json";

    /// <summary>
    /// The path of a test profile by file name: a fixture of tests/data (in the output folder) when there is one of
    /// that name, else the shipped profiles/NAME found above the test binaries.
    /// </summary>
    public static string Profile(string name)
    {
        var fixture = Path.Combine(AppContext.BaseDirectory, "data", name);
        if (File.Exists(fixture))
            return fixture;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElasticDuckface.sln")))
                return Path.Combine(dir.FullName, "profiles", name);
        }

        throw new FileNotFoundException($"Neither tests/data nor profiles/ above {AppContext.BaseDirectory} holds {name}.");
    }
}
