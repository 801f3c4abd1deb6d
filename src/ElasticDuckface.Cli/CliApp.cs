using System.CommandLine;
using ElasticDuckface.Cli.Commands;

namespace ElasticDuckface.Cli;

/// <summary>Builds the <c>duckface</c> command tree.</summary>
internal static class CliApp
{
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "Elastic Duckface: profile a database, generate a look-alike at any scale, verify it.\n" +
            "Databases are given as a SQLite path (or sqlite:PATH) or mysql://user[:password]@host[:port]/database[?socket=PATH&ssl-mode=MODE];\n" +
            "a password missing from the URL is read from DUCKFACE_PASSWORD.\n" +
            "Exit codes: 0 success, 1 usage error, 2 invalid input (profile, options, plan), 3 database error, 4 verification failed,\n" +
            "5 file error, 6 inspect: the profile reveals what --fail-if-reveals refuses.")
        {
            ProfileCommand.Build(),
            GenerateCommand.Build(),
            VerifyCommand.Build(),
            InspectCommand.Build(),
        };
        return root;
    }
}
