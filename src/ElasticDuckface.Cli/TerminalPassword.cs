namespace ElasticDuckface.Cli;

/// <summary>Reads a password from the terminal without echo, the prompt on standard error (so stdout stays the command's).</summary>
internal static class TerminalPassword
{
    /// <summary>Installs the prompt when standard input is a terminal; scripts and pipes keep the one-line error instead.</summary>
    public static void InstallWhenInteractive()
    {
        if (!Console.IsInputRedirected)
            Data.Connections.PasswordPrompt.Ask = Read;
    }

    private static string Read(string prompt)
    {
        Console.Error.Write(prompt);
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            // intercept: the key is not shown (the terminal's echo is off while ReadKey waits)
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                    typed.Length--;
                continue;
            }

            if (key.KeyChar != '\0')
                typed.Append(key.KeyChar);
        }

        Console.Error.WriteLine();
        return typed.ToString();
    }
}
