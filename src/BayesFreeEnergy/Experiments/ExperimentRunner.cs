using System.Diagnostics;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Experiments;

/// <summary>Carries out one run of a sweep: data, replica-exchange sampling, every estimator, and the MAP comparison.</summary>
public static class ExperimentRunner
{
    /// <summary>Sampler iterations of one run (every rung and chain), the unit of its progress ticks.</summary>
    public static int Iterations(ExperimentDefinition experiment, ExperimentRun run)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(run);
        var rungs = FreeEnergyAnalysis.Ladder(experiment.Rungs, experiment.LadderPower, run.N).Length;
        var tuning = experiment.AdaptiveLadder ? FreeEnergyAnalysis.TuningIterations(experiment.Rungs) : 0;
        return experiment.Chains * ((rungs * (experiment.Warmup + experiment.Draws)) + tuning);
    }

    /// <summary>Runs <paramref name="run"/> of <paramref name="experiment"/>; deterministic for its seed whatever <paramref name="threads"/> is.</summary>
    /// <param name="experiment">The sweep.</param>
    /// <param name="run">The cell to run.</param>
    /// <param name="threads">Chains sampled at the same time.</param>
    /// <param name="tick">Called once per sampler iteration of any chain (from sampler threads).</param>
    /// <param name="cancellation">Stops the run.</param>
    public static ExperimentRunResult Execute(ExperimentDefinition experiment, ExperimentRun run, int threads, Action? tick = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(run);
        var clock = Stopwatch.StartNew();
        var data = TeacherFactory.GenerateData(experiment.Teacher, run.N, experiment.Noise, run.Seed);
        var model = new GaussianRegressionModel(run.Model, data, experiment.Noise, new GaussianPrior(experiment.PriorSd));
        var settings = new SamplerSettings
        {
            Chains = experiment.Chains,
            Warmup = experiment.Warmup,
            Draws = experiment.Draws,
            Seed = run.Seed,
            MaxTreeDepth = experiment.MaxTreeDepth,
            TargetAcceptance = experiment.AdaptDelta,
            SaveLogLikelihood = true,
            Threads = threads,
        };
        var ladder = FreeEnergyAnalysis.Ladder(model, experiment.Rungs, experiment.LadderPower, experiment.AdaptiveLadder, settings,
            tick is null ? null : _ => tick(), cancellation);
        var sampled = ReplicaExchangeSampler.Run(model, ladder, settings, experiment.SwapInterval, tick is null ? null : _ => tick(), cancellation);
        // The thread count is how the run was scheduled, not what it computed; leaving it out keeps result files identical
        // whichever machine, shard or --jobs produced them.
        var report = FreeEnergyAnalysis.Analyze(model, sampled, settings with { Threads = null }, experiment.Teacher, experiment.TestPoints);
        MapComparison? map = null;
        if (experiment.MapRestarts > 0)
        {
            cancellation.ThrowIfCancellationRequested();
            var (point, logPosterior) = MaximumAPosteriori.Fit(model, experiment.MapRestarts, experiment.MapSteps, run.Seed);
            var g = GeneralizationError.PlugIn(point, run.Model, experiment.Teacher, experiment.Noise, experiment.TestPoints,
                FreeEnergyAnalysis.TestSeed(run.Seed));
            map = new MapComparison(experiment.MapRestarts, experiment.MapSteps, logPosterior, g, new Estimate(run.N * g.Value, run.N * g.StandardError));
        }

        var trace = sampled.Rungs[^1].Select(chain => (IReadOnlyList<double>)chain.Draws.Column(ChainResult.NegLogLikelihoodColumn).ToArray()).ToList();
        return new ExperimentRunResult(experiment.Hash(), run.Id, run.Model.ToString(), run.Model.LayerCount - 1, run.N, run.Seed, report, map, trace,
            clock.Elapsed.TotalSeconds);
    }
}
