using System.CommandLine;
using System.Globalization;
using ElasticDuckface.Generation;
using ElasticDuckface.Profiles;
using ElasticDuckface.Statistics;

namespace ElasticDuckface.Cli.Commands;

/// <summary>
/// The scale options shared by <c>generate</c> and <c>verify</c>: --scale, --scale-table, --keep, --rows, --growth,
/// --min-children, --seed.
/// </summary>
internal sealed class ScaleArguments
{
    /// <summary>The smallest --scale accepted (as the help says).</summary>
    public const double MinScale = 0.001;

    /// <summary>The largest --scale accepted (as the help says).</summary>
    public const double MaxScale = 1000;

    public Option<double> Scale { get; } = new("--scale", "-x")
    {
        Description = "Size of every table relative to the profile (0.001 to 1000; default 1). Children follow their parent's factor.",
        DefaultValueFactory = _ => 1.0,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= MinScale && v <= MaxScale))
            {
                r.AddError($"--scale must be a number from 0.001 to 1000 (got '{text}').");
                return 1;
            }

            return v;
        },
    };

    public Option<string[]> ScaleTable { get; } = new("--scale-table", "-s")
    {
        Description = "Override one table's factor, TABLE=FACTOR (repeatable), e.g. --scale-table instances=20. "
            + "Its children follow it unless told otherwise.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Rows { get; } = new("--rows")
    {
        Description = "Give one table exactly N rows, TABLE=N (repeatable); its children follow it. Required by a profile made with "
            + "--hide-sizes: the anchors set every other table's size from its relative size (--scale then scales the tables "
            + "no anchor covers). Allowed on a profile with visible sizes too: it overrides the scale for that table.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> Keep { get; } = new("--keep", "-k")
    {
        Description = "Keep a table at its profiled row count (repeatable), e.g. small lookup tables.",
    };

    public Option<FanOutGrowth> Growth { get; } = new("--growth")
    {
        Description = "How fan-outs follow a foreign key whose children per parent move "
            + "(its child grows faster or slower than its parent): "
            + "sample (default) reads the profile as a random sample of the children and deconvolves it; "
            + "stretch multiplies every parent's fan-out.",
        DefaultValueFactory = _ => FanOutGrowth.Sample,
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (Enum.TryParse<FanOutGrowth>(text, ignoreCase: true, out var v) && Enum.IsDefined(v) && !int.TryParse(text, out _))
                return v;
            r.AddError($"--growth must be sample or stretch (got '{text}').");
            return FanOutGrowth.Sample;
        },
    };

    public Option<string[]> MinChildren { get; } = new("--min-children")
    {
        Description = "Declare the fewest children of every parent of a foreign key, CHILD.COLUMN=N (repeatable), e.g. "
            + "--min-children InvoiceLine.InvoiceId=1 (every invoice has a line): generated parents all get at least N and "
            + "verify checks it; overrides the profile's minChildren (docs/inferred-fks.md).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<long> Seed { get; } = new("--seed")
    {
        Description = "Root seed: the same profile, options and seed give the same data (default 0).",
        DefaultValueFactory = _ => 0,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Scale);
        command.Options.Add(ScaleTable);
        command.Options.Add(Keep);
        command.Options.Add(Rows);
        command.Options.Add(Growth);
        command.Options.Add(MinChildren);
        command.Options.Add(Seed);
    }

    /// <summary>Only --scale-table, --growth, --min-children and --seed: <c>sweep</c> has its own scales, and its --keep keeps
    /// databases.</summary>
    public void AddShapeTo(Command command)
    {
        command.Options.Add(ScaleTable);
        command.Options.Add(Growth);
        command.Options.Add(MinChildren);
        command.Options.Add(Seed);
    }

    /// <summary>The profile with the <c>--min-children</c> declarations set (<see cref="MinimumDeclarations"/>).</summary>
    /// <exception cref="PlanValidationException">A malformed item, or one <see cref="MinimumDeclarations.Apply"/> refuses.</exception>
    public DatabaseProfile Declare(ParseResult parseResult, DatabaseProfile profile)
    {
        var errors = new List<string>();
        var minimums = Pairs(parseResult.GetValue(MinChildren), errors, "--min-children",
            "CHILD_TABLE.COLUMN=N (e.g. InvoiceLine.InvoiceId=1)",
            (string text, out int v) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out v));
        if (errors.Count > 0)
            throw new PlanValidationException(string.Join("; ", errors) + ".");
        return MinimumDeclarations.Apply(profile, minimums);
    }

    public ScaleOptions Read(ParseResult parseResult)
    {
        var errors = new List<string>();
        var overrides = Pairs(parseResult.GetValue(ScaleTable), errors, "--scale-table", "TABLE=FACTOR (e.g. instances=20)",
            (string text, out double v) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v));
        var rows = Pairs(parseResult.GetValue(Rows), errors, "--rows", "TABLE=N (e.g. Invoice=1000)",
            (string text, out long v) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out v));
        if (errors.Count > 0)
            throw new PlanValidationException(string.Join("; ", errors) + ".");
        return new ScaleOptions
        {
            Scale = parseResult.GetValue(Scale),
            TableScales = overrides,
            Keep = new HashSet<string>(parseResult.GetValue(Keep) ?? [], StringComparer.Ordinal),
            Rows = rows,
            Growth = parseResult.GetValue(Growth),
            Seed = parseResult.GetValue(Seed),
        };
    }

    private delegate bool TryParse<T>(string text, out T value);

    /// <summary>Reads repeated TABLE=VALUE items (the last '=' splits), collecting one error per malformed item.</summary>
    private static Dictionary<string, T> Pairs<T>(string[]? items, List<string> errors, string option, string usage, TryParse<T> parse)
    {
        var pairs = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var eq = item.LastIndexOf('=');
            if (eq <= 0 || !parse(item[(eq + 1)..], out var value))
                errors.Add($"{option} '{item}' is not {usage}");
            else
                pairs[item[..eq]] = value;
        }

        return pairs;
    }
}
