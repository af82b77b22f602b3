using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Theory;
using BayesFreeEnergy.Variational;

namespace BayesFreeEnergy.Tests.Variational;

/// <summary>
/// Variational inference against closed forms on Bayesian linear regression, whose tempered posterior N(m, S) is exact
/// (docs/theory.md): the full-rank optimum is the posterior itself, so F_VB = F_n; the mean-field optimum has precision
/// diag(S^-1), so F_VB - F_n = KL(q || p) = (sum_i log (S^-1)_ii + log det S) / 2. Both within 3 Monte Carlo SEs of the
/// final ELBO (fixed seeds).
/// </summary>
public sealed class VariationalInferenceTests
{
    private const double Noise = 0.5;

    // Two strongly correlated inputs (x2 = x1 + small noise) make the posterior of the two weights correlated, so the
    // mean-field gap is large and known.
    private static (GaussianRegressionModel Model, LinearRegressionPosterior Exact) Correlated(double beta, int n = 40)
    {
        var architecture = Architecture.Parse("2-1");
        var random = new BayesFreeEnergy.Numerics.RandomStream(11);
        var inputs = new double[2 * n];
        var targets = new double[n];
        for (var s = 0; s < n; s++)
        {
            var x1 = (2 * random.NextDouble()) - 1;
            var x2 = x1 + (0.2 * random.NextGaussian());
            (inputs[2 * s], inputs[(2 * s) + 1]) = (x1, x2);
            targets[s] = (0.7 * x1) - (0.3 * x2) + 0.2 + (Noise * random.NextGaussian());
        }

        var data = new Dataset(inputs, 2, targets, 1);
        return (new GaussianRegressionModel(architecture, data, Noise, new GaussianPrior(1)), new LinearRegressionPosterior(architecture, data, Noise, 1, beta));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.3)]
    public void FullRankRecoversTheExactFreeEnergyAndPosterior(double beta)
    {
        var (model, exact) = Correlated(beta);
        var fit = VariationalInference.Fit(model, new VariationalSettings { Family = VariationalFamily.FullRank, Beta = beta, Seed = 3 });
        Assert.True(fit.Converged);
        Assert.True(fit.FreeEnergy.IsOk, string.Join("; ", fit.FreeEnergy.Reasons));
        var gap = fit.FreeEnergy.Value - (-exact.LogNormalizer);
        Assert.True(Math.Abs(gap) <= 3 * fit.FreeEnergy.StandardError, $"F_VB - F_n = {gap} with se {fit.FreeEnergy.StandardError}");

        // And q is the posterior: means within a tenth of a posterior sd, covariances within 10%.
        var covariance = fit.Approximation.Covariance();
        for (var i = 0; i < 3; i++)
        {
            var sd = Math.Sqrt(exact.Covariance[(i * 3) + i]);
            Assert.True(Math.Abs(fit.Approximation.Mean[i] - exact.Mean[i]) <= 0.1 * sd, $"mean {i}: {fit.Approximation.Mean[i]} vs {exact.Mean[i]}");
            for (var j = 0; j < 3; j++)
            {
                var scale = Math.Sqrt(exact.Covariance[(i * 3) + i] * exact.Covariance[(j * 3) + j]);
                Assert.True(Math.Abs(covariance[(i * 3) + j] - exact.Covariance[(i * 3) + j]) <= 0.1 * scale, $"covariance {i},{j}");
            }
        }
    }

    [Fact]
    public void FullRankStartsFromMeanFieldAndIsFlaggedWhenItEndsWorseThanItsStart()
    {
        var (model, exact) = Correlated(1);
        var settings = new VariationalSettings { Family = VariationalFamily.MeanField, Seed = 4 };
        var meanField = VariationalInference.Fit(model, settings);
        var fullRank = VariationalInference.Fit(model, settings with { Family = VariationalFamily.FullRank }, meanFieldStart: meanField);
        Assert.True(fullRank.FreeEnergy.IsOk, string.Join("; ", fullRank.FreeEnergy.Reasons));
        Assert.True(Math.Abs(fullRank.FreeEnergy.Value + exact.LogNormalizer) <= 3 * fullRank.FreeEnergy.StandardError);

        // A start that claims a free energy 5 nats below the exact F_n (which no q reaches) makes the same fit one that
        // ended worse than its start: the check must say so.
        var impossible = meanField with { FreeEnergy = meanField.FreeEnergy with { Value = -exact.LogNormalizer - 5 } };
        var flagged = VariationalInference.Fit(model, settings with { Family = VariationalFamily.FullRank }, meanFieldStart: impossible);
        Assert.Contains(flagged.FreeEnergy.Reasons, r => r.Contains("worse optimum", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => VariationalInference.Fit(model, settings with { Family = VariationalFamily.FullRank, Beta = 0.5 }, meanFieldStart: meanField));
    }

    [Fact]
    public void MeanFieldPaysTheClosedFormGapForACorrelatedPosterior()
    {
        var (model, exact) = Correlated(1);
        var fit = VariationalInference.Fit(model, new VariationalSettings { Family = VariationalFamily.MeanField, Seed = 4 });
        Assert.True(fit.Converged);

        // The mean-field optimum for N(m, S): precision diag(S^-1), KL = (sum log (S^-1)_ii + log det S) / 2.
        var cholesky = new BayesFreeEnergy.Numerics.Cholesky(exact.Covariance, 3);
        var precision = cholesky.Inverse();
        var kl = 0.5 * (Enumerable.Range(0, 3).Sum(i => Math.Log(precision[(i * 3) + i])) + cholesky.LogDeterminant);
        Assert.True(kl > 0.5, $"the test needs a clearly correlated posterior, KL = {kl}");
        var gap = fit.FreeEnergy.Value - (-exact.LogNormalizer);
        Assert.True(Math.Abs(gap - kl) <= 3 * fit.FreeEnergy.StandardError, $"F_VB - F_n = {gap}, closed form {kl}, se {fit.FreeEnergy.StandardError}");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1 / Math.Sqrt(precision[(i * 3) + i]), Math.Exp(fit.Approximation.LogScale[i]), 0.1 / Math.Sqrt(precision[(i * 3) + i]));
        }
    }

    /// <summary>
    /// Reduced-rank regression (a 3-3-3 linear network, true rank 1, lambda = 4): F_n - n S_n = lambda log n + o(log n),
    /// and F_VB >= F_n, so mean-field F_VB - n S_n must lie above lambda log n (its own coefficient is at least lambda;
    /// Nakajima, Watanabe and Sugiyama 2019). Measured: 45-50 at n = 400 against 24 and 73-74 at n = 6400 against 35, a
    /// slope near 8 in log n (d/2 = 9) against lambda = 4, which 5 data sets cannot yet separate at the t margin below.
    /// Asserted with the mean over 5 data sets and Student's t margin at the 3-se coverage (6.6 se for 4 degrees of freedom).
    /// </summary>
    [Fact]
    public void MeanFieldFreeEnergyOfReducedRankRegressionLiesAboveLambdaLogN()
    {
        int[] widths = [3, 3, 3];
        var teacher = TeacherFactory.CreateLowRankLinear(widths, 1, seed: 3);
        var lambda = DeepLinearNetwork.LearningCoefficient(widths, 1);
        int[] sizes = [400, 6400];
        var excess = sizes.Select(n => Enumerable.Range(1, 5).Select(seed =>
        {
            var data = TeacherFactory.GenerateData(teacher, n, Noise, seed);
            var model = new GaussianRegressionModel(teacher.Architecture, data, Noise, new GaussianPrior(1));
            var nSn = model.CreateEvaluator().NegLogLikelihood(teacher.Parameters);
            var fit = VariationalInference.Fit(model, new VariationalSettings { Family = VariationalFamily.MeanField, Seed = seed });
            Assert.True(fit.FreeEnergy.IsOk, string.Join("; ", fit.FreeEnergy.Reasons));
            return fit.FreeEnergy.Value - nSn;
        }).ToArray()).ToArray();

        var margin = BayesFreeEnergy.Estimation.LearningCoefficientChecks.SeedMeanStandardErrors(5);
        for (var k = 0; k < sizes.Length; k++)
        {
            var mean = excess[k].Average();
            var se = BayesFreeEnergy.Diagnostics.ConvergenceDiagnostics.StandardDeviation(excess[k]) / Math.Sqrt(excess[k].Length);
            Assert.True(mean - (lambda * Math.Log(sizes[k])) > margin * se, $"n = {sizes[k]}: F_VB - n S_n = {mean} ± {se}, lambda log n = {lambda * Math.Log(sizes[k])}");
        }
    }

    [Fact]
    public void SettingsOutsideTheirRangeAreRefusedByName()
    {
        var (model, _) = Correlated(1, n: 10);
        var e = Assert.Throws<InvalidInputException>(() => VariationalInference.Fit(model, new VariationalSettings { Beta = 0 }));
        Assert.Equal(nameof(VariationalSettings.Beta), e.ParamName);
        Assert.Throws<InvalidInputException>(() => VariationalInference.Fit(model, new VariationalSettings { MaxIterations = 10, MinIterations = 0 }));
    }
}
