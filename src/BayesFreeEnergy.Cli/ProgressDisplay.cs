using Spectre.Console;

namespace BayesFreeEnergy.Cli;

/// <summary>
/// One progress bar per chain on an interactive terminal (on stderr, so --json output stays clean). Elsewhere (a pipe,
/// a log file, a batch scheduler) a plain line on stderr at every tenth of the work, once the work has run for 5 s, so a
/// log shows a long command is alive and how far it got, while short ones stay silent.
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(IReadOnlyList<string> labels, int iterationsPerTask, Func<Action<int>, T> work)
    {
        if (!Interactive)
        {
            var lines = new PlainLines(labels.Count * (double)iterationsPerTask);
            return work(_ => lines.Advance(1));
        }

        T result = default!;
        Bars().Start(context =>
            {
                var tasks = labels.Select(label => context.AddTask(label, maxValue: iterationsPerTask)).ToArray();
                result = work(index => tasks[index].Increment(1));
            });
        return result;
    }

    /// <summary>
    /// One overall bar of <paramref name="total"/> units with an ETA; <paramref name="work"/> advances it and relabels
    /// it from any thread.
    /// </summary>
    public static void RunOverall(string label, double total, Action<Action<double>, Action<string>> work)
    {
        if (!Interactive)
        {
            var lines = new PlainLines(total);
            work(lines.Advance, _ => { });
            return;
        }

        Bars().Start(context =>
            {
                var task = context.AddTask(label, maxValue: total);
                work(task.Increment, text => task.Description = text);
            });
    }

    /// <summary>Whether progress bars are drawn (an interactive terminal on stderr).</summary>
    public static bool Interactive => !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    private static Progress Bars() =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn());

    // Counts work from any thread and prints "bfe: 40% after 1 min 12 s" as each tenth passes (after the first 5 s).
    private sealed class PlainLines(double total)
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private double _done;
        private int _tenths;

        public void Advance(double amount)
        {
            lock (_gate)
            {
                _done += amount;
                var tenths = total > 0 ? (int)Math.Min(10, Math.Floor(10 * _done / total)) : 10;
                if (tenths <= _tenths)
                {
                    return;
                }

                _tenths = tenths;
                if (_clock.Elapsed.TotalSeconds >= 5)
                {
                    var elapsed = _clock.Elapsed;
                    Console.Error.WriteLine($"bfe: {10 * tenths}% after {(int)elapsed.TotalMinutes} min {elapsed.Seconds} s");
                }
            }
        }
    }
}
