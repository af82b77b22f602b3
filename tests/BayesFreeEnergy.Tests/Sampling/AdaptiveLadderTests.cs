using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Sampling;

public class AdaptiveLadderTests
{
    [Fact]
    public void EqualizeSpacesRungsAtEqualStepsOfTheCumulativeRejection()
    {
        // All rejection between 0 and 0.1, none above: every new rung lands in [0, 0.1] but the last, at equal steps.
        double[] betas = [0, 0.1, 0.5, 1];
        var next = AdaptiveLadder.Equalize(betas, [0.9, 0.0, 0.0]);
        Assert.Equal(0, next[0]);
        Assert.Equal(1, next[^1]);
        Assert.True(next.Zip(next.Skip(1)).All(p => p.First < p.Second));
        Assert.InRange(next[1], 0.0, 0.1);
        Assert.InRange(next[2], 0.0, 0.1);

        // Equal rejections leave the ladder where it is.
        var same = AdaptiveLadder.Equalize(betas, [0.3, 0.3, 0.3]);
        Assert.Equal(betas, same, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void TunedLadderEvensOutSwapRatesKeepsSteppingStoneExactAndMakesRoundTrips()
    {
        var (model, data) = LinearRegressionPosteriorTests.Problem("2-1", 200, 7);
        var exact = -new LinearRegressionPosterior(model.Architecture, data, model.Noise, 1).LogNormalizer;
        var settings = new SamplerSettings { Chains = 2, Warmup = 300, Draws = 1000, Seed = 5 };
        var power = ReplicaExchangeSampler.Run(model, ReplicaExchangeSampler.PowerLadder(8), settings);
        var tuned = ReplicaExchangeSampler.Run(model, AdaptiveLadder.Tune(model, 8, 5, settings), settings);

        static double Spread(ReplicaExchangeResult run) => run.SwapRates.Max() - run.SwapRates.Min();
        Assert.True(Spread(tuned) < Spread(power), $"swap rates {string.Join(", ", tuned.SwapRates)} against {string.Join(", ", power.SwapRates)}");
        Assert.True(tuned.RoundTrips > power.RoundTrips, $"round trips {tuned.RoundTrips} against {power.RoundTrips}");
        var ss = SteppingStone.FreeEnergy(tuned);
        Assert.True(Math.Abs(ss.Value - exact) <= 3 * ss.StandardError, $"stepping-stone {ss.Value:F3} +- {ss.StandardError:F3}, exact {exact:F3}");
    }
}
