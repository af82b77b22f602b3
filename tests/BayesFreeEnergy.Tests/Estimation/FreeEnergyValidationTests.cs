using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Tests.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Estimation;

/// <summary>Free-energy and lambda estimators against the closed forms of Bayesian linear regression (docs/theory.md section 6).</summary>
public class FreeEnergyValidationTests
{
    private const double Noise = 0.5;
    private const double PriorSd = 1.0;

    public static TheoryData<string, int, long, int, double> Problems() => new()
    {
        { "2-1", 50, 4, 12, 5 },
        { "3-2", 80, 9, 16, 3 },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void ThermodynamicIntegrationAndSteppingStoneMatchTheMarginalLikelihood(string architecture, int n, long seed, int rungs, double power)
    {
        var (model, data) = LinearRegressionPosteriorTests.Problem(architecture, n, seed);
        var exact = -new LinearRegressionPosterior(model.Architecture, data, Noise, PriorSd).LogNormalizer;
        var betas = ReplicaExchangeSampler.PowerLadder(rungs, power);
        var run = ReplicaExchangeSampler.Run(model, betas, new SamplerSettings { Chains = 2, Warmup = 300, Draws = 1000, Seed = seed });

        // The integrand itself: E_beta[n L_n] = -d log Z(beta) / d beta, by central differences of the closed form.
        var integrand = run.Rungs.Select(PosteriorExpectation.NegLogLikelihood).ToArray();
        var k = MomentChecks.AllowedStandardErrors(rungs);
        for (var j = 1; j < rungs; j++)
        {
            var h = 1e-5 * Math.Max(betas[j], 1e-3);
            var expected = -(LogZ(model, data, betas[j] + h) - LogZ(model, data, betas[j] - h)) / (2 * h);
            Assert.True(Math.Abs(integrand[j].Value - expected) <= k * integrand[j].StandardError,
                $"rung {j} (beta {betas[j]:G3}): E[nLn] {integrand[j].Value:F3} +- {integrand[j].StandardError:F3}, exact {expected:F3}");
        }

        // Free energies within 3 standard errors; TI's standard error includes its quadrature error estimate.
        var ti = ThermodynamicIntegration.Compute(run);
        Assert.True(Math.Abs(ti.FreeEnergy.Value - exact) <= 3 * ti.FreeEnergy.StandardError,
            $"TI {ti.FreeEnergy.Value:F3} +- {ti.FreeEnergy.StandardError:F3} (quadrature {ti.DiscretisationError:F3}), exact {exact:F3}");
        var ss = SteppingStone.FreeEnergy(run);
        Assert.True(Math.Abs(ss.Value - exact) <= 3 * ss.StandardError,
            $"stepping-stone {ss.Value:F3} +- {ss.StandardError:F3}, exact {exact:F3}");
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-2)]
    public void CorrectedTrapezoidIntegratesWithTheExactDerivativeFarBetterThanThePlainOne(double c)
    {
        // The shape of E_beta[n L_n] in a regular model, f(beta) = a / (beta + c) + b, with V = -f' = a / (beta + c)^2, on
        // the default 24-rung power ladder: the integral is a log((1 + c) / c) + b. The corrected rule's error is far below
        // the plain trapezoid's and covered by its own Richardson estimate.
        const double a = 2.5, b = -300;
        var betas = ReplicaExchangeSampler.PowerLadder(24);
        var f = betas.Select(x => new Estimate((a / (x + c)) + b, 0)).ToArray();
        var v = betas.Select(x => new Estimate(a / ((x + c) * (x + c)), 0)).ToArray();
        var exact = (a * Math.Log((1 + c) / c)) + b;
        var corrected = ThermodynamicIntegration.Compute(betas, f, v);
        var plain = ThermodynamicIntegration.Compute(betas, f, [.. v.Select(_ => new Estimate(0, 0))]);
        var correctedError = Math.Abs(corrected.FreeEnergy.Value - exact);
        var plainError = Math.Abs(plain.FreeEnergy.Value - exact);
        Assert.True(correctedError < plainError / 10, $"corrected error {correctedError:G3}, plain {plainError:G3}");
        Assert.True(correctedError <= corrected.DiscretisationError, $"corrected error {correctedError:G3}, its estimate {corrected.DiscretisationError:G3}");
    }

    [Fact]
    public void VarianceAndTwoTemperatureEstimatorsMatchTheirExactValuesAndApproachHalfTheDimension()
    {
        // A regular model: lambda = d/2. At finite n the estimators target beta^2 Var_beta[nLn] = beta^2 (log Z)''(beta)
        // and the secant of E_beta[nLn], known here in closed form; both tend to d/2.
        var (model, data) = LinearRegressionPosteriorTests.Problem("3-1", 2000, 5);
        var beta = LearningCoefficientEstimators.WbicBeta(data.Count);
        var beta2 = 1.5 * beta;
        var settings = new SamplerSettings { Chains = 4, Warmup = 500, Draws = 2000, Seed = 12 };
        var at1 = SamplingService.Run(model, settings with { Beta = beta }).Chains;
        var at2 = SamplingService.Run(model, settings with { Beta = beta2 }).Chains;

        var h = 1e-4 * beta;
        var second = (LogZ(model, data, beta + h) - (2 * LogZ(model, data, beta)) + LogZ(model, data, beta - h)) / (h * h);
        var variance = LearningCoefficientEstimators.FromVariance(at1, beta);
        Assert.True(Math.Abs(variance.Value - (beta * beta * second)) <= 3 * variance.StandardError,
            $"variance estimator {variance.Value:F3} +- {variance.StandardError:F3}, exact {beta * beta * second:F3}");

        double Mean(double b) => -(LogZ(model, data, b + h) - LogZ(model, data, b - h)) / (2 * h);
        var secant = (Mean(beta) - Mean(beta2)) / ((1 / beta) - (1 / beta2));
        var two = LearningCoefficientEstimators.FromTwoTemperatures(at1, beta, at2, beta2);
        Assert.True(Math.Abs(two.Value - secant) <= 3 * two.StandardError, $"two-temperature {two.Value:F3} +- {two.StandardError:F3}, exact {secant:F3}");

        // d/2 = 2 for 3-1 with a bias; the finite-n exact values are within 5% of it at n = 2000.
        Assert.InRange(beta * beta * second, 1.9, 2.1);
        Assert.InRange(secant, 1.9, 2.1);

        var wbic = LearningCoefficientEstimators.Wbic(at1);
        Assert.True(Math.Abs(wbic.Value - Mean(beta)) <= 3 * wbic.StandardError);
    }

    [Fact]
    public void WbicMinusEntropyGrowsLikeHalfTheDimensionTimesLogN()
    {
        // Regular model 2-1 (d = 3): WBIC - n S_n = (d/2) log n + O_p(1); the fitted slope over n = 100 .. 30000 is d/2
        // within 3 standard errors (the slope's error includes the scatter of the O_p(1) terms).
        var architecture = BayesFreeEnergy.Networks.Architecture.Parse("2-1");
        var teacher = new BayesFreeEnergy.Networks.Network(architecture, [0.8, -0.4, 0.3]);
        int[] sizes = [100, 300, 1000, 3000, 10000, 30000];
        var values = new List<Estimate>();
        foreach (var n in sizes)
        {
            var data = TeacherFactory.GenerateData(teacher, n, Noise, n);
            var model = new GaussianRegressionModel(architecture, data, Noise, new GaussianPrior(PriorSd));
            var chains = SamplingService.Run(model, new SamplerSettings { Beta = LearningCoefficientEstimators.WbicBeta(n), Chains = 2, Warmup = 300, Draws = 1000, Seed = n }).Chains;
            var wbic = LearningCoefficientEstimators.Wbic(chains);
            var nsn = model.CreateEvaluator().NegLogLikelihood(teacher.Parameters);
            values.Add(new Estimate(wbic.Value - nsn, wbic.StandardError));
        }

        var slope = SampleSizeEstimators.Slope(sizes, values);
        Assert.True(Math.Abs(slope.Value - 1.5) <= 3 * slope.StandardError, $"slope {slope.Value:F3} +- {slope.StandardError:F3}, d/2 = 1.5");
    }

    private static double LogZ(GaussianRegressionModel model, Dataset data, double beta) =>
        new LinearRegressionPosterior(model.Architecture, data, Noise, PriorSd, beta).LogNormalizer;
}
