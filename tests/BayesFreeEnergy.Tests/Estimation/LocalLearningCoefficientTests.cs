using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Tests.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Estimation;

public class LocalLearningCoefficientTests
{
    [Fact]
    public void RegularModelMatchesItsExactLocalizedValueNearHalfTheDimension()
    {
        // Linear regression at the least-squares point w0: n L_n = const + (w - w0)' H (w - w0) / 2 with H = X1'X1 / s^2.
        // Full-batch SGLD samples N(w0, C) with C = (Lambda - eps Lambda^2 / 4)^-1, Lambda = beta H + gamma I (the
        // unadjusted-Langevin law), so the estimator's exact target is (beta / 2) tr(H C), which tends to d/2 as gamma -> 0.
        var (model, data) = LinearRegressionPosteriorTests.Problem("2-1", 400, 6);
        var center = new LinearRegressionPosterior(model.Architecture, data, model.Noise, 1e6).Mean.ToArray();
        const int d = 3;
        var h = new double[d * d];
        for (var s = 0; s < data.Count; s++)
        {
            double[] x1 = [data.Input(s)[0], data.Input(s)[1], 1];
            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b < d; b++)
                {
                    h[(a * d) + b] += x1[a] * x1[b] / (model.Noise * model.Noise);
                }
            }
        }

        var beta = LearningCoefficientEstimators.WbicBeta(data.Count);
        const double gamma = 10, eps = 1e-4;
        var lambda = new double[d * d];
        for (var i = 0; i < d * d; i++)
        {
            lambda[i] = (beta * h[i]) + (i % (d + 1) == 0 ? gamma : 0);
        }

        var c = MomentChecks.UnadjustedLangevinCovariance(lambda, d, eps);
        var exact = beta / 2 * Enumerable.Range(0, d).Sum(a => Enumerable.Range(0, d).Sum(b => h[(a * d) + b] * c[(b * d) + a]));

        var llc = LocalLearningCoefficient.Estimate(model, center,
            new SamplerSettings { StepSize = eps, Localization = gamma, Chains = 4, Warmup = 500, Draws = 5000, Seed = 2 });
        var (estimate, trace) = (llc.Lambda, llc.Trace);
        Assert.True(Math.Abs(estimate.Value - exact) <= 3 * estimate.StandardError,
            $"LLC {estimate.Value:F3} +- {estimate.StandardError:F3}, exact {exact:F3}");
        Assert.InRange(exact, 1.3, 1.5); // d/2 = 1.5, pulled down a little by gamma
        Assert.Equal(4, trace.Chains.Count);
    }

    [Fact]
    public void GeneralizationErrorOfTheTeacherItselfIsZero()
    {
        // A posterior concentrated on the teacher has G_n = 0 exactly: every draw is the teacher.
        var (model, _) = LinearRegressionPosteriorTests.Problem("2-1", 30, 1);
        var teacher = new BayesFreeEnergy.Networks.Network(model.Architecture, [0.8, 0.3, -0.2]);
        var row = new double[ChainResult.SamplerColumns.Count + 4];
        teacher.Parameters.CopyTo(row.AsSpan(ChainResult.SamplerColumns.Count));
        string[] columns = [.. ChainResult.SamplerColumns, "w.1", "w.2", "w.3", "nLn"];
        var chain = new ChainResult(1, 1, new DrawTable(columns, [.. row, .. row]), 1, [1, 1, 1], 0, 0);
        var g = GeneralizationError.Compute([chain], model.Architecture, teacher, model.Noise, 500, 3);
        Assert.Equal(0, g.Value, 12);
    }
}
