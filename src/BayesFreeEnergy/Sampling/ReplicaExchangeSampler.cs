using System.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Sampling;

/// <summary>
/// Replica exchange (parallel tempering) over a ladder of inverse temperatures: one chain per rung, each with
/// its own kernel and warm-up; every <c>swapInterval</c> iterations neighbouring rungs propose to exchange
/// states, alternating even and odd pairs (the deterministic even-odd scheme of Syed et al. 2021). A swap of
/// states x_j, x_{j+1} is accepted with probability min(1, exp((beta_j - beta_{j+1}) (E_j - E_{j+1}))),
/// E = n L_n, which keeps every rung's tempered posterior invariant.
/// </summary>
public static class ReplicaExchangeSampler
{
    /// <summary>The fewest rungs a power ladder may have: 0, one in between, 1.</summary>
    public const int MinimumRungs = 3;

    /// <summary>The largest power of a power ladder (the smallest is 1, an even ladder); above it the rungs all crowd at 0.</summary>
    public const double MaximumPower = 20;

    /// <summary>The ladder beta_j = (j / J)^power, j = 0..J (power 5 is dense near 0; Friel and Pettitt 2008).</summary>
    /// <param name="rungs">J + 1, Range: at least <see cref="MinimumRungs"/>.</param>
    /// <param name="power">Range: 1..<see cref="MaximumPower"/>.</param>
    /// <exception cref="InvalidInputException">A value outside its range (ParamName "rungs" or "power").</exception>
    public static double[] PowerLadder(int rungs, double power = 5)
    {
        if (rungs < MinimumRungs)
        {
            throw new InvalidInputException($"a ladder needs at least {MinimumRungs} rungs, got {rungs}", nameof(rungs));
        }

        if (!(power >= 1 && power <= MaximumPower))
        {
            throw new InvalidInputException($"the ladder power must lie in [1, {MaximumPower}], got {power}", nameof(power));
        }

        return [.. Enumerable.Range(0, rungs).Select(j => Math.Pow(j / (double)(rungs - 1), power))];
    }

    /// <summary>Runs <see cref="SamplerSettings.Chains"/> independent ladders over <paramref name="betas"/>.</summary>
    /// <param name="model">The model.</param>
    /// <param name="betas">Increasing inverse temperatures in [0, 1], at least two.</param>
    /// <param name="settings">Per-chain settings (their Beta is ignored; SaveLogLikelihood applies to the last rung only).</param>
    /// <param name="swapInterval">Iterations between swap rounds, Range: &gt;= 1.</param>
    /// <param name="onIteration">Called after every iteration of every rung with the 0-based ladder index.</param>
    /// <param name="cancellation">Stops the run between iterations.</param>
    public static ReplicaExchangeResult Run(ITemperedModel model, IReadOnlyList<double> betas, SamplerSettings settings, int swapInterval = 1,
        Action<int>? onIteration = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(model.Dimension, model.DataCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(swapInterval, 1);
        if (betas.Count < 2 || betas.Any(b => !(b >= 0 && b <= 1)) || betas.Zip(betas.Skip(1)).Any(p => !(p.First < p.Second)))
        {
            throw new InvalidInputException("the ladder needs at least two strictly increasing inverse temperatures in [0, 1]", nameof(betas));
        }

        var clock = Stopwatch.StartNew();
        var rungCount = betas.Count;
        var ladders = settings.Chains;
        var chains = new Chain[ladders, rungCount];
        var swapRandom = new RandomStream[ladders];
        var attempts = new long[ladders, rungCount - 1];
        var accepts = new long[ladders, rungCount - 1];
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.Threads ?? Environment.ProcessorCount, CancellationToken = cancellation };

        // Every (ladder, rung) chain has its own stream; swaps use one more stream per ladder. Chains are built on this
        // thread, one after another, for the reason given in SamplingService.
        for (var c = 0; c < ladders; c++)
        {
            for (var j = 0; j < rungCount; j++)
            {
                // Per-datum log-likelihoods only at the last rung (the posterior when the ladder ends at 1): WAIC and LOO
                // read nothing else, and at every rung they would take n x draws x rungs doubles (0.8 GB at n = 1000).
                var rung = settings with { SaveLogLikelihood = settings.SaveLogLikelihood && j == rungCount - 1 };
                chains[c, j] = new Chain(c + 1, model, betas[j], rung, new RandomStream(settings.Seed, (((long)c + 1) << 20) + j));
            }

            swapRandom[c] = new RandomStream(settings.Seed, (((long)c + 1) << 20) + 0xFFFFF);
        }

        // Replica labels follow the states through swaps; a round trip is a state's way from the prior (rung 0) to the
        // posterior (the top rung) and back, counted after warm-up (Syed, Bouchard-Côté, Deligiannidis and Doucet 2022).
        var labels = new int[ladders, rungCount];
        var lastEnd = new int[ladders, rungCount];
        for (var c = 0; c < ladders; c++)
        {
            for (var j = 0; j < rungCount; j++)
            {
                labels[c, j] = j;
            }
        }

        long roundTrips = 0;
        var round = 0;
        while (!chains[0, 0].Finished)
        {
            Parallel.For(0, ladders * rungCount, options, k =>
            {
                var c = k / rungCount;
                chains[c, k % rungCount].Advance(swapInterval, onIteration is null ? null : () => onIteration(c), cancellation);
            });
            for (var c = 0; c < ladders; c++)
            {
                for (var j = round % 2; j + 1 < rungCount; j += 2)
                {
                    attempts[c, j]++;
                    if (TrySwap(chains[c, j], chains[c, j + 1], swapRandom[c]))
                    {
                        accepts[c, j]++;
                        (labels[c, j], labels[c, j + 1]) = (labels[c, j + 1], labels[c, j]);
                    }
                }

                if (lastEnd[c, labels[c, 0]] == Top && chains[c, 0].Sampling)
                {
                    roundTrips++;
                }

                lastEnd[c, labels[c, 0]] = Bottom;
                if (lastEnd[c, labels[c, rungCount - 1]] == Bottom)
                {
                    lastEnd[c, labels[c, rungCount - 1]] = Top;
                }
            }

            round++;
        }

        var rungs = Enumerable.Range(0, rungCount)
            .Select(j => (IReadOnlyList<ChainResult>)[.. Enumerable.Range(0, ladders).Select(c => chains[c, j].Result())]).ToArray();
        return new ReplicaExchangeResult([.. betas], rungs,
            [.. Enumerable.Range(0, rungCount - 1).Select(j => Enumerable.Range(0, ladders).Sum(c => attempts[c, j]))],
            [.. Enumerable.Range(0, rungCount - 1).Select(j => Enumerable.Range(0, ladders).Sum(c => accepts[c, j]))],
            settings, swapInterval, roundTrips, clock.Elapsed.TotalSeconds);
    }

    private const int Bottom = 1;
    private const int Top = 2;

    private static bool TrySwap(Chain lower, Chain upper, RandomStream random)
    {
        // lower is the rung with the smaller beta (closer to the prior).
        var e1 = lower.State.Density.NegLogLikelihood;
        var e2 = upper.State.Density.NegLogLikelihood;
        var logRatio = (lower.Target.Beta - upper.Target.Beta) * (e1 - e2);
        if (double.IsNaN(logRatio) || !(logRatio >= 0 || random.NextDouble() < Math.Exp(logRatio)))
        {
            return false;
        }

        // Exchange positions; each chain re-evaluates its gradient at its own beta.
        var buffer = lower.State.Position.ToArray();
        upper.State.Position.CopyTo(lower.State.Position, 0);
        buffer.CopyTo(upper.State.Position, 0);
        lower.State.Evaluate(lower.Target);
        upper.State.Evaluate(upper.Target);
        return true;
    }
}
