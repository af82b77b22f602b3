using System.Diagnostics;
using System.Globalization;
using BayesFreeEnergy.Experiments;

namespace BayesFreeEnergy.Cli;

/// <summary>
/// Runs a sweep's pending runs for the command line: one progress bar with an ETA on a terminal, one log line per
/// finished run elsewhere (cluster logs), and the outcome as counts.
/// </summary>
internal static class SweepConsole
{
    public static SweepOutcome Execute(SweepFolder folder, IReadOnlyList<ExperimentRun> runs, int jobs, TextWriter log, CancellationToken cancellation)
    {
        var pending = Sweep.Pending(folder, runs);
        var total = pending.Sum(r => r.Cost);
        var failures = new List<string>();
        var finished = 0;
        var progressed = 0.0;
        var clock = Stopwatch.StartNew();
        var gate = new object();
        var interactive = ProgressDisplay.Interactive;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{runs.Count} runs in this slice: {runs.Count - pending.Count} already finished, {pending.Count} to run, {Math.Min(jobs, pending.Count)} at a time"));
        // The ETA of log lines counts the progress of runs still in flight, as the bar does.
        ProgressDisplay.RunOverall($"sweep: 0/{pending.Count} runs", total, (advance, relabel) => Sweep.Run(folder, runs, jobs, units =>
            {
                advance(units);
                lock (gate)
                {
                    progressed += units;
                }
            },
            result =>
            {
                lock (gate)
                {
                    finished++;
                    relabel($"sweep: {finished}/{pending.Count} runs");
                    if (!interactive)
                    {
                        var left = Math.Max(0, clock.Elapsed.TotalSeconds / progressed * (total - progressed));
                        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"[{finished}/{pending.Count}] {result.Id}: {result.WallSeconds:0.0} s, {result.FreeEnergy.Warnings.Count} warnings; about {Duration(left)} left"));
                    }
                }
            },
            (run, e) =>
            {
                lock (gate)
                {
                    failures.Add($"{run.Id}: {e.Message}");
                    log.WriteLine($"bfe: run {run.Id} failed: {e.Message}");
                }
            },
            cancellation));
        return new SweepOutcome(runs.Count, runs.Count - pending.Count, finished, failures, clock.Elapsed.TotalSeconds);
    }

    public static string Duration(double seconds) =>
        seconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s")
        : seconds < 5400 ? string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min")
        : string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h");
}

/// <summary>What a sweep invocation did.</summary>
internal sealed record SweepOutcome(int Runs, int Skipped, int Finished, IReadOnlyList<string> Failures, double WallSeconds);
