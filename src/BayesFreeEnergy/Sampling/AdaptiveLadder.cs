namespace BayesFreeEnergy.Sampling;

/// <summary>
/// The adaptive schedule of non-reversible parallel tempering (Syed, Bouchard-Côté, Deligiannidis and Doucet 2022, JRSS
/// B 84; the Pigeons.jl package): short replica-exchange rounds estimate the swap rejection rate r_j between neighbouring
/// rungs; the cumulative rejection Lambda(beta) (the communication barrier) is interpolated, and the next ladder puts its
/// rungs at equal steps of Lambda, which equalizes the rejection rates. The sampler's deterministic even-odd swaps are
/// already the non-reversible scheme; this chooses where its rungs go.
/// </summary>
public static class AdaptiveLadder
{
    /// <summary>Sampler iterations per chain and rung of <paramref name="rounds"/> tuning rounds.</summary>
    public static int Iterations(int rounds) => Enumerable.Range(0, rounds).Sum(r => 2 * (100 << r));

    /// <summary>Tunes a ladder of <paramref name="rungs"/> rungs from 0 to 1, starting from the power ladder.</summary>
    /// <param name="model">The model.</param>
    /// <param name="rungs">Rungs, Range: at least 3.</param>
    /// <param name="power">Exponent of the starting power ladder.</param>
    /// <param name="settings">Sampler settings of the tuning rounds (their warm-up and draws are set here).</param>
    /// <param name="rounds">Tuning rounds, Range: at least 1; round r has 100 * 2^r warm-up iterations and as many draws.</param>
    /// <param name="onIteration">Called after every iteration of every rung with the 0-based ladder index.</param>
    /// <param name="cancellation">Stops the tuning.</param>
    public static double[] Tune(Models.ITemperedModel model, int rungs, double power, SamplerSettings settings, int rounds = 2,
        Action<int>? onIteration = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var betas = ReplicaExchangeSampler.PowerLadder(rungs, power);
        for (var r = 0; r < rounds; r++)
        {
            var length = 100 << r;
            var run = ReplicaExchangeSampler.Run(model, betas, settings with { Warmup = length, Draws = length, SaveLogLikelihood = false },
                onIteration: onIteration, cancellation: cancellation);
            betas = Equalize(betas, [.. run.SwapRates.Select(rate => double.IsFinite(rate) ? 1 - rate : 1)]);
        }

        return betas;
    }

    /// <summary>
    /// The ladder of as many rungs as <paramref name="betas"/> at equal steps of the cumulative rejection, interpolated
    /// linearly in beta between the rungs where it was measured.
    /// </summary>
    /// <param name="betas">The ladder the rejections were measured on, increasing from 0 to 1.</param>
    /// <param name="rejection">Swap rejection rate between rungs j and j + 1.</param>
    public static double[] Equalize(IReadOnlyList<double> betas, IReadOnlyList<double> rejection)
    {
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(rejection);
        if (rejection.Count != betas.Count - 1)
        {
            throw new ArgumentException("one rejection rate per pair of neighbouring rungs");
        }

        // A small floor keeps Lambda strictly increasing, so every new rung lies strictly between its neighbours.
        var barrier = new double[betas.Count];
        for (var j = 0; j < rejection.Count; j++)
        {
            barrier[j + 1] = barrier[j] + Math.Max(rejection[j], 1e-3);
        }

        var total = barrier[^1];
        var next = new double[betas.Count];
        next[^1] = 1;
        var segment = 0;
        for (var k = 1; k < betas.Count - 1; k++)
        {
            var target = total * k / (betas.Count - 1);
            while (barrier[segment + 1] < target)
            {
                segment++;
            }

            var t = (target - barrier[segment]) / (barrier[segment + 1] - barrier[segment]);
            next[k] = betas[segment] + (t * (betas[segment + 1] - betas[segment]));
        }

        return next;
    }
}
