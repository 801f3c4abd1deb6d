namespace ElasticDuckface.Cli.Progress;

/// <summary>The exact counts behind a live task (a Spectre task keeps doubles): a table's rows, or the finishing phase's total.</summary>
/// <param name="Rows">Rows written so far.</param>
/// <param name="TargetRows">The plan's rows.</param>
/// <param name="Finishing">The task is the index build and integrity check, whose length is unknown.</param>
internal sealed record RowCount(long Rows, long TargetRows, bool Finishing);
