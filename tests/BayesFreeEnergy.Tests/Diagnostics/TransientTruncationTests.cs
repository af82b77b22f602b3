using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Tests.Diagnostics;

public class TransientTruncationTests
{
    // Chains of AR(1) noise (coefficient 0.9, unit stationary sd) around 0, plus a climb from -amplitude that decays
    // with time constant tau: an LLC chain's loss started at the bottom.
    private static double[][] Chains(int draws, double amplitude, double tau, long seed, int chains = 2) =>
        [.. Enumerable.Range(0, chains).Select(c =>
        {
            var random = new RandomStream(seed, c);
            var noise = random.NextGaussian();
            return Enumerable.Range(0, draws).Select(t =>
            {
                noise = (0.9 * noise) + (Math.Sqrt(1 - 0.81) * random.NextGaussian());
                return noise - (amplitude * Math.Exp(-t / tau));
            }).ToArray();
        })];

    [Fact]
    public void DropsTheClimbSoTheMeanIsTheStationaryOne()
    {
        // A climb of 20 sd with tau 500 in 10,000 draws pulls the mean to -1.0 (20 tau / n), over 10 stationary MCSE
        // (about 0.08) below 0 (and the trend inflates its own MCSE tenfold). After truncation the mean must be within
        // 3 MCSE of 0, with the cut after 2 tau (the climb still 2.7 sd deep there) and well before half the draws.
        var chains = Chains(10000, 20, 500, seed: 4);
        var all = PosteriorExpectation.Mean(chains);
        var k = TransientTruncation.Draws(chains);
        var kept = PosteriorExpectation.Mean([.. chains.Select(c => c[k..])]);
        Assert.True(all.Value < -10 * kept.StandardError, $"untruncated mean {all.Value:F3}, truncated {kept.Value:F3} +- {kept.StandardError:F3}");
        Assert.True(all.StandardError > 5 * kept.StandardError, $"MCSE {all.StandardError:F3} untruncated, {kept.StandardError:F3} truncated");
        Assert.Equal(0, k % TransientTruncation.BatchSize);
        Assert.InRange(k, 1000, 4000);
        Assert.True(Math.Abs(kept.Value) <= 3 * kept.StandardError, $"truncated at {k}: mean {kept.Value:F3} +- {kept.StandardError:F3}");
    }

    [Fact]
    public void KeepsAlmostEveryDrawOfStationaryChains()
    {
        // No climb: the rule should cut a few batches at most (a noise-driven cut of 1% keeps the estimate's precision).
        var k = TransientTruncation.Draws(Chains(10000, 0, 1, seed: 5));
        Assert.InRange(k, 0, 100);
    }

    [Fact]
    public void CutsAtMostHalfTheDraws()
    {
        // A climb with tau 5,000 in 10,000 draws is still under way at the end: the rule stops at its limit, half the
        // draws, and what is left must be judged by the trace check.
        Assert.Equal(5000, TransientTruncation.Draws(Chains(10000, 20, 5000, seed: 6)));
        Assert.Equal(0, TransientTruncation.Draws([[1.0, 2, 3]])); // too short to judge: nothing cut
    }
}
