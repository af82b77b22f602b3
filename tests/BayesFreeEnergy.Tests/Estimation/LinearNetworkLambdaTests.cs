using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Estimation;

/// <summary>
/// Singular models with a known answer: linear networks whose true product matrix has rank 1 (docs/theory.md section 4).
/// The two-temperature and variance estimators at beta = 1/log n must recover the exact lambda, far below d/2, within
/// 3 standard errors plus a finite-n tolerance of 0.5 (the estimators' O(1/log n) bias at n = 2000).
/// </summary>
public class LinearNetworkLambdaTests
{
    private const double Tolerance = 0.5;

    [Theory]
    [InlineData("3-3-3", 4.0)]      // reduced-rank regression, Aoyagi and Watanabe (2005)
    [InlineData("2-3-3-2", 2.0)]    // three weight layers, Aoyagi (2024)
    public void EstimatorsRecoverTheExactLearningCoefficient(string widths, double exact)
    {
        var architecture = Architecture.Parse(widths, Activation.Identity, hasBiases: false);
        Assert.Equal(exact, DeepLinearNetwork.LearningCoefficient(architecture.Widths, 1), 12);

        var teacher = TeacherFactory.CreateLowRankLinear(architecture.Widths, 1, seed: 3);
        var data = TeacherFactory.GenerateData(teacher, 2000, 0.5, 2);
        var model = new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1));
        var beta1 = LearningCoefficientEstimators.WbicBeta(data.Count);
        var beta2 = 1.5 * beta1;
        var settings = new SamplerSettings { Chains = 2, Warmup = 300, Draws = 1000, Seed = 5 };
        var at1 = SamplingService.Run(model, settings with { Beta = beta1 }).Chains;
        var at2 = SamplingService.Run(model, settings with { Beta = beta2 }).Chains;

        var variance = LearningCoefficientEstimators.FromVariance(at1, beta1);
        var two = LearningCoefficientEstimators.FromTwoTemperatures(at1, beta1, at2, beta2);
        foreach (var (name, estimate) in new[] { ("variance", variance), ("two temperatures", two) })
        {
            Assert.True(Math.Abs(estimate.Value - exact) <= (3 * estimate.StandardError) + Tolerance,
                $"{widths}: {name} estimate {estimate.Value:F3} +- {estimate.StandardError:F3}, exact {exact}, d/2 = {architecture.ParameterCount / 2.0}");
        }
    }
}
