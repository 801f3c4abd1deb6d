using ElasticDuckface.Cli;

TerminalPassword.InstallWhenInteractive();
return await CliApp.InvokeAsync(args).ConfigureAwait(false);
