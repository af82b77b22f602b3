using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Tests.Sampling;

public sealed class ReplicaExchangeTests
{
    [Fact]
    public void PerDatumLogLikelihoodsAreKeptAtTheLastRungOnly()
    {
        var architecture = Architecture.Parse("1-2-1");
        var data = TeacherFactory.GenerateData(TeacherFactory.CreateRandom(architecture, 1, kinksInside: true), 40, 0.2, 1);
        var model = new GaussianRegressionModel(architecture, data, 0.2, new GaussianPrior(1));
        var settings = new SamplerSettings { Chains = 1, Warmup = 20, Draws = 10, SaveLogLikelihood = true };
        var run = ReplicaExchangeSampler.Run(model, [0, 0.3, 1], settings);
        Assert.All(run.Rungs.SkipLast(1), rung => Assert.DoesNotContain(ChainResult.LogLikelihoodColumn(0), rung[0].Draws.Columns));
        Assert.Contains(ChainResult.LogLikelihoodColumn(39), run.Rungs[^1][0].Draws.Columns);

        // Recording them does not touch the chains: the same seed gives the same draws without them.
        var without = ReplicaExchangeSampler.Run(model, [0, 0.3, 1], settings with { SaveLogLikelihood = false });
        Assert.Equal(without.Rungs[^1][0].Draws.Column(ChainResult.NegLogLikelihoodColumn), run.Rungs[^1][0].Draws.Column(ChainResult.NegLogLikelihoodColumn));
    }
}
