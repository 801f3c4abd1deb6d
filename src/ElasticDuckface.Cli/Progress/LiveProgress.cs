using ElasticDuckface.Cli.Commands;
using ElasticDuckface.Data.Generation;
using ElasticDuckface.Data.Profiling;
using Spectre.Console;

namespace ElasticDuckface.Cli.Progress;

/// <summary>
/// The live display on a terminal's stderr (Spectre.Console): the plain progress lines scroll above a bar for the table being
/// written (rows, rows/s, ETA against the plan) and then a spinner for the index build and integrity check; for profile and
/// verify, the table's phase (counting, reading rows with rows/s and ETA, describing columns, checking). The display is
/// cleared at the end, leaving the same lines the plain writer prints. Redirected stderr, a test's writer or TERM=dumb get
/// <see cref="LineProgress"/> instead (see <see cref="TryOpen"/>).
/// </summary>
internal sealed class LiveProgress : IProgress<string>, IProgress<GenerationProgress>, IProgress<ProfilingProgress>
{
    private readonly IAnsiConsole _console;
    private readonly ProgressContext _context;
    private readonly Lock _lock = new();
    private ProgressTask? _current;

    private LiveProgress(IAnsiConsole console, ProgressContext context) => (_console, _context) = (console, context);

    /// <summary>A console for the live display when <paramref name="stderr"/> is the process's stderr and that is an ANSI
    /// terminal; else null.</summary>
    public static IAnsiConsole? TryOpen(TextWriter stderr)
    {
        if (!ReferenceEquals(stderr, Console.Error) || Console.IsErrorRedirected
            || string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal))
            return null;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        return console.Profile.Capabilities is { Ansi: true, Interactive: true } ? console : null;
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the live display when <paramref name="stderr"/> is a terminal and not
    /// <paramref name="quiet"/>, else with plain lines (none when quiet).
    /// </summary>
    public static Task<T> ShowAsync<T>(TextWriter stderr, bool quiet, Func<IProgress<string>, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return !quiet && TryOpen(stderr) is { } console
            ? RunAsync(console, live => body(live))
            : body(new LineProgress(stderr, quiet));
    }

    /// <summary>Runs <paramref name="body"/> with the live display shown on <paramref name="console"/>.</summary>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, Func<LiveProgress, Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(body);
        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                new RowRateColumn())
            .StartAsync(async context =>
            {
                var live = new LiveProgress(console, context);
                try
                {
                    return await body(live).ConfigureAwait(false);
                }
                finally
                {
                    live.Stop();
                }
            }).ConfigureAwait(false);
    }

    /// <summary>A plain line, printed above the live display.</summary>
    public void Report(string value)
    {
        lock (_lock)
            _console.WriteLine(value);
    }

    /// <summary>Moves the live display on; called at most every <see cref="GenerationProgress.MinInterval"/> per table,
    /// possibly on the writer's thread.</summary>
    public void Report(GenerationProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            switch (value.Phase)
            {
                case GenerationPhase.WritingRows when value.Rows == 0:
                    _current?.StopTask();
                    _current = Add($"[{value.Index}/{value.Tables}] {value.Table}", value, finishing: false);
                    break;
                case GenerationPhase.WritingRows:
                    Update(value);
                    break;
                case GenerationPhase.TableDone:
                    Update(value);
                    _current?.StopTask();
                    _current = null;
                    break;
                case GenerationPhase.Finishing:
                    _current?.StopTask();
                    _current = Add("Building indexes, checking constraints", value, finishing: true);
                    _current.IsIndeterminate = true;
                    break;
            }
        }
    }

    /// <summary>Moves the live display on for profile and verify: a new task per table and phase, rows read while sampling.</summary>
    public void Report(ProfilingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (value.Phase != ProfilingPhase.TableDone && value.Rows > 0)
            {
                Update(value.Rows, value.TargetRows);
                return;
            }

            _current?.StopTask();
            _current = null;
            if (value.Phase == ProfilingPhase.TableDone)
                return;
            var where = value.Table.Length == 0 ? "" : $"[{value.Index}/{value.Tables}] {value.Table}: ";
            _current = _context.AddTask(Markup.Escape(where + value.PhaseName), maxValue: Math.Max(1, value.TargetRows));
            _current.Tag = value.TargetRows > 0 ? new RowCount(0, value.TargetRows, false) : new ElapsedTag();
            _current.IsIndeterminate = value.TargetRows == 0;
        }
    }

    private ProgressTask Add(string description, GenerationProgress value, bool finishing)
    {
        var task = _context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, value.TargetRows));
        task.Tag = new RowCount(value.Rows, value.TargetRows, finishing);
        return task;
    }

    private void Update(GenerationProgress value) => Update(value.Rows, value.TargetRows);

    private void Update(long rows, long targetRows)
    {
        if (_current is null)
            return;
        _current.Tag = new RowCount(rows, targetRows, false);
        _current.Value = Math.Min(rows, _current.MaxValue);
    }

    private void Stop()
    {
        lock (_lock)
            _current?.StopTask();
        _context.Refresh();
    }
}
