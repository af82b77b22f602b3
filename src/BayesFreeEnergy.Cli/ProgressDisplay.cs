using Spectre.Console;

namespace BayesFreeEnergy.Cli;

/// <summary>
/// One progress bar per chain on an interactive terminal (on stderr, so --json output stays clean); plain
/// runs elsewhere, since pipes and logs gain nothing from redraws.
/// </summary>
internal static class ProgressDisplay
{
    public static T Run<T>(IReadOnlyList<string> labels, int iterationsPerTask, Func<Action<int>, T> work)
    {
        if (!Interactive)
        {
            return work(_ => { });
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
            work(_ => { }, _ => { });
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
}
