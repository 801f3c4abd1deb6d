using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ElasticDuckface.Cli.Progress;

/// <summary>A Spectre progress column: <c>percent rows / target · rate · ETA</c> for a table written or read, the elapsed time
/// for a step whose length is unknown (generate's finishing phase, a profile's counting scan: no percentage).</summary>
internal sealed class RowRateColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
    {
        var elapsed = task.ElapsedTime ?? TimeSpan.Zero;
        var text = task.Tag switch
        {
            ElapsedTag => ProgressText.Duration(elapsed) + " elapsed",
            RowCount { Finishing: true } c => ProgressText.Duration(elapsed) + " elapsed after " + ProgressText.Rows(c.Rows, c.TargetRows),
            RowCount c => string.Create(CultureInfo.InvariantCulture, $"{task.Percentage,3:F0}% ") + ProgressText.Rows(c.Rows, c.TargetRows)
                + " · " + ProgressText.Rate(c.Rows, elapsed) + " · " + ProgressText.Eta(c.Rows, c.TargetRows, elapsed),
            _ => "",
        };
        return new Text(text);
    }
}
