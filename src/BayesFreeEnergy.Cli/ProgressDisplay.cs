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
        if (Console.IsErrorRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(_ => { });
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = labels.Select(label => context.AddTask(label, maxValue: iterationsPerTask)).ToArray();
                result = work(index => tasks[index].Increment(1));
            });
        return result;
    }
}
