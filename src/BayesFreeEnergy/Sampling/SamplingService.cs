using System.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Sampling;

/// <summary>
/// Runs independent chains in parallel on the available cores. Chain c draws from random stream c of the run
/// seed and owns its evaluator, so the draws do not depend on scheduling: a run is bit-for-bit repeatable for
/// a given seed (and, since SIMD width and summation order are fixed per machine, on the same machine).
/// </summary>
public static class SamplingService
{
    /// <summary>Samples the tempered posterior of <paramref name="model"/> at <see cref="SamplerSettings.Beta"/>.</summary>
    /// <param name="model">The model with its data and prior.</param>
    /// <param name="settings">Sampler settings; validated first.</param>
    /// <param name="onIteration">Called after every iteration with the 0-based chain index (from worker threads).</param>
    /// <param name="cancellation">Stops the run between iterations.</param>
    public static SamplingResult Run(ITemperedModel model, SamplerSettings settings, Action<int>? onIteration = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(model.Dimension, model.DataCount);
        var clock = Stopwatch.StartNew();
        // Chains are built here, one after another, not inside the parallel loop: built concurrently, their buffers
        // interleave in memory, and the cache lines they then share made two chains on two cores run 2.9 times slower
        // than one (docs/performance.md).
        var chains = Enumerable.Range(0, settings.Chains).Select(c => new Chain(c + 1, model, settings.Beta, settings, new RandomStream(settings.Seed, c + 1))).ToArray();
        var options = new ParallelOptions
        {
            // One thread per chain by default, so all chains progress (and show progress) together; with the chains
            // built before the loop, a pool of one thread per core is about as fast (docs/performance.md).
            MaxDegreeOfParallelism = settings.Threads ?? Math.Max(settings.Chains, Environment.ProcessorCount),
            CancellationToken = cancellation,
        };
        Parallel.For(0, settings.Chains, options, c =>
        {
            var chain = chains[c];
            chain.Advance(chain.TotalIterations, onIteration is null ? null : () => onIteration(c), cancellation);
        });
        return new SamplingResult(settings, [.. chains.Select(c => c.Result())], model.Dimension, clock.Elapsed.TotalSeconds);
    }
}
