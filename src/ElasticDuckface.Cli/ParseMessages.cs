using System.CommandLine;
using System.CommandLine.Parsing;

namespace ElasticDuckface.Cli;

/// <summary>
/// Parse errors in the user's words: System.CommandLine's own name .NET types ("as expected type 'System.Int64'") and say
/// "Required command was not provided" for a misspelt command.
/// </summary>
internal static class ParseMessages
{
    /// <summary>One sentence for <paramref name="error"/>, without the usage hint.</summary>
    public static string Explain(ParseResult parseResult, ParseError error)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(error);
        if (parseResult.CommandResult.Command is RootCommand root)
            return RootError(parseResult, root) ?? Plain(error);
        var option = error.SymbolResult switch
        {
            OptionResult o => o,
            ArgumentResult { Parent: OptionResult o } => o,
            _ => null,
        };
        var text = error.SymbolResult?.Tokens.Count > 0 ? error.SymbolResult.Tokens[^1].Value : null;
        if (option is null || text is null || !error.Message.Contains("expected type", StringComparison.Ordinal))
            return Plain(error);
        var name = option.Option.Name;
        var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
        if (type.IsArray)
            type = type.GetElementType()!;
        if (type.IsEnum)
        {
            var names = Enum.GetNames(type).Select(n => n.ToLowerInvariant()).ToList();
            return $"{name} must be one of {string.Join(", ", names[..^1])} or {names[^1]} (got '{text}').";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short))
            return $"{name} must be a whole number (got '{text}').";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
            return $"{name} must be a number (got '{text}').";
        return Plain(error);
    }

    private static string? RootError(ParseResult parseResult, RootCommand root)
    {
        var commands = root.Subcommands.Select(c => c.Name).ToList();
        var list = $"{string.Join(", ", commands[..^1])} or {commands[^1]}";
        var word = parseResult.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-'));
        if (word is not null)
            return $"'{word}' is not a duckface command: give one of {list}.";
        if (parseResult.UnmatchedTokens.Count > 0)
            return $"'{parseResult.UnmatchedTokens[0]}' is not an option of duckface itself: give a command first ({list}).";
        return parseResult.Tokens.Count == 0 ? $"Give a command: {list}." : null;
    }

    private static string Plain(ParseError error) => error.Message.ReplaceLineEndings(" ").Trim();
}
