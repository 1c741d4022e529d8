using System.Diagnostics;
using Spectre.Console;

namespace Timpora.Bench;

/// <summary>
/// The progress display: one line per phase with a bar that moves with elapsed time against the phase's expected
/// length, and a status text the phase updates with what it is measuring right now.
/// </summary>
public sealed class Ui(ProgressContext progress)
{
    public PhaseProgress Start(string name, TimeSpan expected) => new(progress.AddTask(Markup.Escape(name), maxValue: 1000), name, expected);

    public void Note(string text) => progress.AddTask("  " + Markup.Escape(text), maxValue: 1).Value = 1;

    public static Task Run(Func<Ui, Task> body) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => body(new Ui(context)));
}

public sealed class PhaseProgress : IDisposable
{
    private readonly ProgressTask _task;
    private readonly string _name;
    private readonly TimeSpan _expected;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer _timer;

    public PhaseProgress(ProgressTask task, string name, TimeSpan expected)
    {
        _task = task;
        _name = name;
        _expected = expected;
        _timer = new Timer(_ => Tick(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public void Status(string text) => _task.Description = Markup.Escape($"{_name}: {text}");

    /// <summary>A phase that knows how far it is (e.g. events rebuilt of events stored) reports it here.</summary>
    public void Fraction(double done) => _task.Value = Math.Clamp(done, 0, 1) * 999;

    private void Tick()
    {
        if (_expected > TimeSpan.Zero && _task.Value < 999)
            _task.Value = Math.Max(_task.Value, Math.Min(0.99, _clock.Elapsed / _expected) * 999);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _task.Value = 1000;
        _task.StopTask();
    }
}
