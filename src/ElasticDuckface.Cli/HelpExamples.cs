using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ElasticDuckface.Cli;

/// <summary>
/// The Examples and Exit codes sections at the end of each command's <c>--help</c>. They are kept out of the commands'
/// descriptions because System.CommandLine prints a description in full in its parent's command list too.
/// </summary>
internal static class HelpExamples
{
    /// <summary>
    /// Per command path (<c>"generate"</c>, <c>"privacy suggest"</c>; the root is <c>""</c>, its exit codes are in its
    /// description): example command lines, then its exit codes.
    /// </summary>
    internal static IReadOnlyDictionary<string, (string[] Examples, string ExitCodes)> Sections { get; } =
        new Dictionary<string, (string[], string)>(StringComparer.Ordinal)
        {
            [""] = ([
                "duckface profile shop.db -o shop.json",
                "duckface generate shop.json --scale 10 --target shop-x10.db",
                "duckface verify shop.json --target shop-x10.db --scale 10 --report fidelity.html",
            ], ""),
            ["profile"] = ([
                "duckface profile examples/chinook/Chinook_Sqlite.sqlite -o chinook.json",
                "duckface profile mysql://root@127.0.0.1:3306/nova --infer-fks -o nova.json",
                "duckface profile mysql://root@127.0.0.1:3306/nova --infer-fks --fks nova.fks -o nova.json",
                "duckface profile postgres://app@db.example/shop?schema=sales --hide-sizes --privacy shop.privacy.json -o shop.json",
                "duckface profile chinook.db --epsilon 1 -o chinook.dp.json",
            ], "0 written, 1 usage, 2 bad review or privacy file, 3 database error, 5 file error, 130 cancelled."),
            ["generate"] = ([
                "duckface generate profiles/chinook.json --scale 10 --target chinook-x10.db",
                "duckface generate nova.json --scale 2 --scale-table instances=20 --keep instance_types --dry-run",
                "duckface generate nova.json --scale 10 --target mysql://root@127.0.0.1:3306/nova --into-existing",
                "duckface generate shop.json --rows orders=1000000 --target postgres://app@db.example/shop --replace",
                "duckface generate profiles/chinook.json --scale 0.5 --format parquet --out chinook-parquet",
                "duckface generate profiles/chinook.json --min-children InvoiceLine.InvoiceId=1 --target chinook.db",
            ], "0 written, 1 usage, 2 bad profile or plan, 3 database error, 5 file error or target refused, "
                + "7 --into-existing: the schema cannot take the rows, 130 cancelled (the target is left as it was)."),
            ["verify"] = ([
                "duckface verify profiles/chinook.json --target chinook-x10.db --scale 10",
                "duckface verify nova.json --target mysql://root@127.0.0.1:3306/nova --scale 2 --scale-table instances=20 "
                    + "--json verify.json --report verify.html",
                "duckface verify profiles/chinook.json --target chinook.db --strict --max-fanout-ks 0.1",
            ], "0 faithful (warnings allowed), 1 usage, 2 bad profile, 3 database error, 4 unfaithful or an incomplete run, "
                + "5 file error, 130 cancelled."),
            ["inspect"] = ([
                "duckface inspect nova.json",
                "duckface inspect nova.json --json",
                "duckface inspect nova.json --fail-if-reveals sizes,values",
            ], "0 listed, 1 usage, 2 bad profile, 5 file error, 6 the profile reveals what --fail-if-reveals refuses."),
            ["privacy suggest"] = ([
                "duckface privacy suggest chinook.db -o chinook.privacy.json",
                "duckface profile chinook.db --privacy chinook.privacy.json -o chinook.json",
                "duckface inspect chinook.json",
            ], "0 written, 1 usage, 3 database error, 5 file error. Edit the file before profiling with it: "
                + "\"Genre\": { \"privacy\": \"public\" } keeps Genre's rows verbatim; inspect lists the public columns."),
            ["sweep"] = ([
                "duckface sweep nova.json --server mysql://root@127.0.0.1:3306 --scales 0.5,1,2,5 --predict 100 "
                    + "--run 'nova-manage db archive_deleted_rows --until-complete' --max-growth linear",
                "duckface sweep profiles/chinook.json --server sqlite:sweep-dbs --scales 1,2,5 --repeat 3 "
                    + "--run 'duckface verify profiles/chinook.json --target \"$DUCKFACE_TARGET\" --scale \"$DUCKFACE_SCALE\" -q' "
                    + "--json sweep.json --report sweep.html",
            ], "0 within limits, 1 usage, 2 bad profile, 3 database error, 5 file error, 8 a threshold exceeded, "
                + "9 --setup or --run failed, 130 cancelled (its databases are dropped)."),
            ["clean"] = ([
                "duckface clean mysql://root@127.0.0.1:3306/nova --dry-run",
                "duckface clean postgres://app@db.example/shop?schema=sales",
                "duckface clean big.sqlite",
            ], "0 cleaned or nothing to clean, 2 bad URL, 3 database error, 130 cancelled."),
        };

    /// <summary>Makes every <c>--help</c> of <paramref name="root"/> end with the sections of the command it describes.</summary>
    public static void Attach(RootCommand root)
    {
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction standard } help)
                help.Action = new WithExamples(standard);
        }
    }

    internal static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c and not RootCommand; s = c.Parents.FirstOrDefault())
            names.Insert(0, c.Name);
        return string.Join(' ', names);
    }

    private sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            if (!Sections.TryGetValue(PathOf(parseResult.CommandResult.Command), out var section))
                return code;
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in section.Examples)
                output.WriteLine("  " + example);
            output.WriteLine();
            if (section.ExitCodes.Length > 0)
            {
                output.WriteLine("Exit codes (docs/exit-codes.md): " + section.ExitCodes);
                output.WriteLine();
            }
            return code;
        }
    }
}
