using System.Collections.Concurrent;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// Runs the unfinished runs of an experiment, several at once, writing each result the moment it finishes; a rerun
/// after a crash or kill picks up where it stopped. Results do not depend on how many run at once.
/// </summary>
public static class Sweep
{
    /// <summary>The K-th (1-based) of <paramref name="count"/> slices of <paramref name="runs"/>: every count-th run, so slices cost about the same.</summary>
    public static IReadOnlyList<ExperimentRun> Shard(IReadOnlyList<ExperimentRun> runs, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (count < 1 || index < 1 || index > count)
        {
            throw new InvalidInputException($"shard {index}/{count}: need 1 <= K <= N", nameof(index));
        }

        return [.. runs.Where((_, i) => i % count == index - 1)];
    }

    /// <summary>
    /// Runs every run of <paramref name="runs"/> that <paramref name="folder"/> does not hold yet, <paramref name="jobs"/>
    /// at a time, costliest first. A run that throws is reported to <paramref name="failed"/> and the others go on;
    /// cancellation stops runs in flight and keeps every finished result.
    /// </summary>
    /// <param name="folder">Where results go.</param>
    /// <param name="runs">The runs to do (all of the experiment, or a shard).</param>
    /// <param name="jobs">Runs at the same time; each gets an equal share of the processors for its chains.</param>
    /// <param name="advance">Progress in cost units (<see cref="ExperimentRun.Cost"/> spread over a run's iterations); called from sampler threads.</param>
    /// <param name="finished">Called after a result is written.</param>
    /// <param name="failed">Called when a run throws.</param>
    /// <param name="cancellation">Stops the sweep.</param>
    public static void Run(SweepFolder folder, IReadOnlyList<ExperimentRun> runs, int jobs, Action<double>? advance = null,
        Action<ExperimentRunResult>? finished = null, Action<ExperimentRun, Exception>? failed = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        var pending = Pending(folder, runs);
        if (pending.Count == 0)
        {
            return;
        }

        var parallel = Math.Min(jobs, pending.Count);
        var threads = Math.Max(1, Environment.ProcessorCount / parallel);
        var queue = Partitioner.Create(pending.OrderByDescending(r => r.Cost).ToList(), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(queue, new ParallelOptions { MaxDegreeOfParallelism = parallel }, (run, state) =>
        {
            if (cancellation.IsCancellationRequested)
            {
                state.Stop();
                return;
            }

            var unit = run.Cost / ExperimentRunner.Iterations(folder.Experiment, run);
            try
            {
                var result = ExperimentRunner.Execute(folder.Experiment, run, threads, advance is null ? null : () => advance(unit), cancellation);
                folder.Write(result);
                finished?.Invoke(result);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                state.Stop();
            }
            catch (Exception e) when (failed is not null)
            {
                failed(run, e);
            }
        });
        cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>The runs of <paramref name="runs"/> without a result in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<ExperimentRun> Pending(SweepFolder folder, IReadOnlyList<ExperimentRun> runs)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs.Where(r => !folder.IsFinished(r))];
    }
}
