using System.CommandLine.Parsing;

namespace ElasticDuckface.Cli.Commands;

/// <summary>Reads an option's value inside a validator.</summary>
internal static class OptionValue
{
    /// <summary>
    /// The option's value, or false when it does not convert (<c>--sample-rows abc</c>): System.CommandLine runs
    /// validators before it reports the conversion failure (in one line), and reading such a value throws.
    /// </summary>
    public static bool TryGet<T>(OptionResult result, out T? value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default;
            return false;
        }
    }
}
