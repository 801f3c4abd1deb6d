using ElasticDuckface.Cli;

return await CliApp.InvokeAsync(args).ConfigureAwait(false);
