using System.Diagnostics;

namespace ElasticDuckface.Data.Profiling;

/// <summary>
/// What a profile (or verify's measurement) is doing now, for a live display; the plain lines go through
/// <c>IProgress&lt;string&gt;</c>. A progress given to the profiler that is also an <c>IProgress&lt;ProfilingProgress&gt;</c>
/// receives these as well, so one object (the CLI's live display) takes both without a second parameter on every overload.
/// </summary>
/// <param name="Table">The table the step is on; empty for a step over all tables.</param>
/// <param name="Index">The table's 1-based position in the pass (the table count for a step over all tables).</param>
/// <param name="Tables">How many tables the pass has.</param>
/// <param name="Phase">What the step does.</param>
/// <param name="Rows">Rows read so far (<see cref="ProfilingPhase.Sampling"/>); 0 otherwise.</param>
/// <param name="TargetRows">Rows the step will read (<see cref="ProfilingPhase.Sampling"/>); 0 when the database does the
/// scan and the count is unknown until it ends.</param>
public sealed record ProfilingProgress(string Table, int Index, int Tables, ProfilingPhase Phase, long Rows, long TargetRows)
{
    /// <summary>The least time between two reports of rows read: at most ten a second.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The phase's words for a display: <c>counting rows and fan-outs</c>.</summary>
    public string PhaseName => Phase switch
    {
        ProfilingPhase.Counting => "counting rows and fan-outs",
        ProfilingPhase.Sampling => "reading rows",
        ProfilingPhase.Describing => "describing columns",
        ProfilingPhase.ParentStates => "measuring how row states follow their parents",
        ProfilingPhase.Checking => "checking row counts and references",
        _ => "done",
    };
}

/// <summary>The steps of a profile that a progress display shows.</summary>
public enum ProfilingPhase
{
    /// <summary>The database counts a table's rows and groups its foreign keys (one scan on the server: no row count until
    /// it ends).</summary>
    Counting,

    /// <summary>A table's rows (all, or a sample) are read into the profiler: rows read against the rows to read.</summary>
    Sampling,

    /// <summary>A table's column distributions and dependencies are computed from its rows.</summary>
    Describing,

    /// <summary>A table is finished.</summary>
    TableDone,

    /// <summary>Row states are joined to their parents' (one step over all tables).</summary>
    ParentStates,

    /// <summary>verify: row counts, keys and references are checked on the target (one step over all tables).</summary>
    Checking,
}

/// <summary>
/// Reports the steps of one pass of the profiler to a display, if there is one: the phase of each table and, while rows are
/// read, their count at most every <see cref="ProfilingProgress.MinInterval"/>.
/// </summary>
internal sealed class ProfilingSteps
{
    private readonly IProgress<ProfilingProgress>? _sink;
    private readonly long _interval = (long)(ProfilingProgress.MinInterval.TotalSeconds * Stopwatch.Frequency);
    private ProfilingProgress? _current;
    private long _last;

    private ProfilingSteps(IProgress<ProfilingProgress>? sink) => _sink = sink;

    /// <summary>Steps reported to <paramref name="progress"/> when it takes them; else nothing is reported.</summary>
    public static ProfilingSteps For(IProgress<string>? progress) => new(progress as IProgress<ProfilingProgress>);

    /// <summary>No display: every call does nothing.</summary>
    public static ProfilingSteps None { get; } = new(null);

    /// <summary>Starts <paramref name="phase"/> on a table (or on all tables, with an empty name).</summary>
    public void Start(string table, int index, int tables, ProfilingPhase phase, long targetRows = 0)
    {
        if (_sink is null)
            return;
        _current = new ProfilingProgress(table, index, tables, phase, 0, targetRows);
        _last = Stopwatch.GetTimestamp();
        _sink.Report(_current);
    }

    /// <summary>Puts the steps on a table without reporting: its first phase comes from <see cref="StartReading"/> or
    /// <see cref="Next"/>.</summary>
    public void On(string table, int index, int tables)
    {
        if (_sink is not null)
            _current = new ProfilingProgress(table, index, tables, ProfilingPhase.TableDone, 0, 0);
    }

    /// <summary>Moves the current phase to <paramref name="rows"/> read, reported if the last report is old enough; called for
    /// every row, it looks at the clock every 1,024th only.</summary>
    public void Read(long rows)
    {
        if ((rows & 1023) != 0 || _sink is null || _current is null)
            return;
        var now = Stopwatch.GetTimestamp();
        if (now - _last < _interval)
            return;
        _last = now;
        _sink.Report(_current with { Rows = rows });
    }

    /// <summary>The rows-read phase on the current table, sized to <paramref name="targetRows"/>.</summary>
    public void StartReading(long targetRows)
    {
        if (_current is { } c)
            Start(c.Table, c.Index, c.Tables, ProfilingPhase.Sampling, targetRows);
    }

    /// <summary>The current table's next phase.</summary>
    public void Next(ProfilingPhase phase)
    {
        if (_current is { } c)
            Start(c.Table, c.Index, c.Tables, phase);
    }
}
