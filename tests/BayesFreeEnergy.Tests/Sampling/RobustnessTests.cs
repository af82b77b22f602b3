using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Tests.Sampling;

public class RobustnessTests
{
    [Fact]
    public void NutsReportsDivergencesOnNealsFunnel()
    {
        // v ~ N(0, 3^2), x_i | v ~ N(0, e^v): the neck is too narrow for one step size, which NUTS must report.
        const int d = 10;
        var funnel = new EnergyModel(d, (w, g) =>
        {
            var v = w[0];
            var energy = v * v / 18;
            g[0] = v / 9;
            for (var i = 1; i < d; i++)
            {
                energy += (0.5 * w[i] * w[i] * Math.Exp(-v)) + (0.5 * v);
                g[i] = w[i] * Math.Exp(-v);
                g[0] += 0.5 - (0.5 * w[i] * w[i] * Math.Exp(-v));
            }

            return energy;
        });
        var result = SamplingService.Run(funnel, new SamplerSettings { Chains = 4, Warmup = 500, Draws = 500, Seed = 1 });
        var divergences = result.Chains.Sum(c => c.Draws.Column("divergent__").Sum());
        Assert.True(divergences > 0, "NUTS sampled the funnel without reporting a divergence");
    }

    [Theory]
    [InlineData(SamplerAlgorithm.Nuts)]
    [InlineData(SamplerAlgorithm.Hmc)]
    [InlineData(SamplerAlgorithm.Rwm)]
    [InlineData(SamplerAlgorithm.Sgld)]
    public void BoxPriorBoundaryIsARejectionNotACrash(SamplerAlgorithm algorithm)
    {
        // The data want a slope near 3, the box allows at most 0.5: the posterior piles up against a wall of -infinity.
        var (model, data) = LinearRegressionPosteriorTests.Problem(n: 30);
        var boxed = new GaussianRegressionModel(model.Architecture, data, 0.5, new UniformBoxPrior(0.5));
        var settings = new SamplerSettings { Algorithm = algorithm, Chains = 2, Warmup = 200, Draws = 200, Seed = 4, StepSize = algorithm == SamplerAlgorithm.Sgld ? 1e-4 : 1 };
        var result = SamplingService.Run(boxed, settings);
        foreach (var chain in result.Chains)
        {
            for (var i = 0; i < boxed.Dimension; i++)
            {
                Assert.All(chain.Draws.Column(ChainResult.ParameterColumn(i)), w => Assert.InRange(w, -0.5, 0.5));
            }

            Assert.All(chain.Draws.Column("lp__"), lp => Assert.True(double.IsFinite(lp)));
        }

        var ladder = ReplicaExchangeSampler.Run(boxed, [0, 0.5, 1], settings with { Chains = 1 });
        Assert.All(ladder.Rungs[2][0].Draws.Column("lp__"), lp => Assert.True(double.IsFinite(lp)));
    }

    [Fact]
    public void NetworkPosteriorRunsWithAllInitializations()
    {
        var (_, data) = LinearRegressionPosteriorTests.Problem(n: 40);
        var model = new GaussianRegressionModel(Architecture.Parse("2-3-1"), data, 0.5, new GaussianPrior(1));
        foreach (var mode in new[] { InitializationMode.Prior, InitializationMode.Optimize, InitializationMode.Point })
        {
            var settings = new SamplerSettings
            {
                Chains = 2,
                Warmup = 100,
                Draws = 50,
                Seed = 6,
                Initialization = mode,
                OptimizationSteps = 100,
                InitialPoint = mode == InitializationMode.Point ? new double[model.Dimension] : null,
                SaveLogLikelihood = true,
            };
            var result = SamplingService.Run(model, settings);
            var table = result.Chains[0].Draws;
            Assert.Equal(7 + model.Dimension + 1 + data.Count, table.Columns.Count);

            // The saved pointwise log-likelihoods add up to -n L_n of the same draw.
            var row = table.Row(10).ToArray();
            var nll = row[table.IndexOf(ChainResult.NegLogLikelihoodColumn)];
            var logLik = Enumerable.Range(0, data.Count).Sum(i => row[table.IndexOf(ChainResult.LogLikelihoodColumn(i))]);
            Assert.Equal(-nll, logLik, 1e-9 * Math.Abs(nll));
        }
    }

    [Fact]
    public void SettingsThatCannotWorkAreRefused()
    {
        var (model, _) = LinearRegressionPosteriorTests.Problem();
        Assert.Throws<InvalidInputException>(() => SamplingService.Run(model, new SamplerSettings { Beta = 1.5 }));
        Assert.Throws<InvalidInputException>(() => SamplingService.Run(model, new SamplerSettings { Draws = 0 }));
        Assert.Throws<InvalidInputException>(() => SamplingService.Run(model, new SamplerSettings { Initialization = InitializationMode.Point, InitialPoint = [1.0] }));
        Assert.Throws<InvalidInputException>(() => ReplicaExchangeSampler.Run(model, [0.5, 0.2], new SamplerSettings()));
    }
}
