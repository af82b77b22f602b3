using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Tests.Sampling;

/// <summary>The improper flat prior: lets a test target be exactly its "likelihood" part.</summary>
internal sealed class FlatPrior : IPrior
{
    public double LogDensity(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        gradient.Clear();
        return 0;
    }

    public void Sample(RandomStream random, Span<double> parameters)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (4 * random.NextDouble()) - 2; // Stan's uniform(-2, 2) initialization
        }
    }
}

/// <summary>
/// A test model whose "n L_n" is an arbitrary smooth energy E(w) with a flat prior, so at beta = 1 the sampled
/// density is exactly exp(-E): Gaussians, funnels.
/// </summary>
internal sealed class EnergyModel(int dimension, Func<double[], double[], double> energyAndGradient) : ITemperedModel
{
    public int Dimension => dimension;

    public int DataCount => 1;

    public IPrior Prior { get; } = new FlatPrior();

    public IModelEvaluator CreateEvaluator() => new Evaluator(this);

    public IMinibatchEvaluator CreateMinibatchEvaluator(int batchSize) => new Evaluator(this);

    public ITemperedModel WithPrior(IPrior prior) => throw new NotSupportedException("a test energy keeps its flat prior");

    /// <summary>N(mean, covariance): E(w) = (w - mean)' P (w - mean) / 2.</summary>
    public static EnergyModel Gaussian(double[] mean, double[] covariance)
    {
        var d = mean.Length;
        var precision = new Cholesky(covariance, d).Inverse();
        return new EnergyModel(d, (w, g) =>
        {
            var energy = 0.0;
            for (var i = 0; i < d; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < d; j++)
                {
                    sum += precision[(i * d) + j] * (w[j] - mean[j]);
                }

                g[i] = sum;
                energy += 0.5 * (w[i] - mean[i]) * sum;
            }

            return energy;
        });
    }

    private sealed class Evaluator(EnergyModel model) : IMinibatchEvaluator
    {
        private readonly double[] _w = new double[model.Dimension];
        private readonly double[] _g = new double[model.Dimension];

        public int Dimension => model.Dimension;

        public int BatchSize => 1;

        public void SelectBatch(ReadOnlySpan<int> indices)
        {
        }

        public TemperedDensity Evaluate(ReadOnlySpan<double> parameters, double beta, Span<double> gradient)
        {
            parameters.CopyTo(_w);
            var energy = model.Evaluate(_w, _g);
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = -beta * _g[i];
            }

            return new TemperedDensity(double.IsFinite(energy) ? -beta * energy : double.NaN, 0, energy);
        }

        public double NegLogLikelihood(ReadOnlySpan<double> parameters)
        {
            parameters.CopyTo(_w);
            return model.Evaluate(_w, _g);
        }

        public void PointwiseLogLikelihood(ReadOnlySpan<double> parameters, Span<double> logLikelihood) =>
            logLikelihood[0] = -NegLogLikelihood(parameters);
    }

    private double Evaluate(double[] w, double[] gradient) => energyAndGradient(w, gradient);
}

/// <summary>Checks of sampled moments against exact values, each within a stated number of Monte Carlo standard errors.</summary>
internal static class MomentChecks
{
    /// <summary>
    /// Standard errors allowed per comparison so that a correct sampler fails any of <paramref name="comparisons"/>
    /// two-sided checks with probability at most 1% (Bonferroni): Phi^-1(1 - 0.005 / comparisons); 3.9 for 2 checks.
    /// </summary>
    public static double AllowedStandardErrors(int comparisons) => NormalDistribution.Quantile(1 - (0.005 / comparisons));

    /// <summary>
    /// Asserts that E[g] estimated from the chains equals <paramref name="expected"/> within <paramref name="k"/>
    /// Monte Carlo standard errors (sd / sqrt(ESS) of g, from the chains themselves).
    /// </summary>
    public static void AssertExpectation(IReadOnlyList<double[]> g, double expected, double k, string what)
    {
        var estimate = g.SelectMany(c => c).Average();
        var se = ConvergenceDiagnostics.McseMean(g);
        Assert.True(Math.Abs(estimate - expected) <= k * se,
            $"{what}: estimate {estimate:G6}, exact {expected:G6}, |difference| = {Math.Abs(estimate - expected) / se:F2} standard errors (allowed {k:F2}; se {se:G3})");
    }

    /// <summary>
    /// Stationary covariance of the unadjusted Langevin algorithm (full-batch SGLD) with step <paramref name="eps"/> on a Gaussian
    /// with precision Lambda: (Lambda - eps Lambda^2 / 4)^-1, which tends to Lambda^-1 as eps -> 0.
    /// </summary>
    public static double[] UnadjustedLangevinCovariance(double[] precision, int d, double eps)
    {
        var biased = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                var square = Enumerable.Range(0, d).Sum(k => precision[(i * d) + k] * precision[(k * d) + j]);
                biased[(i * d) + j] = precision[(i * d) + j] - (eps / 4 * square);
            }
        }

        return new Cholesky(biased, d).Inverse();
    }

    /// <summary>Checks every mean and every (co)variance of the first coordinates against a Gaussian's exact moments.</summary>
    public static void AssertGaussianMoments(IReadOnlyList<ChainResult> chains, ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance,
        int dimension, string label, bool offDiagonal = true)
    {
        var draws = Enumerable.Range(0, dimension).Select(i => chains.Select(c => c.Draws.Column(ChainResult.ParameterColumn(i))).ToArray()).ToArray();
        var pairs = offDiagonal ? dimension * (dimension + 1) / 2 : dimension;
        var k = AllowedStandardErrors(dimension + pairs);
        for (var i = 0; i < dimension; i++)
        {
            AssertExpectation(draws[i], mean[i], k, $"{label}: mean of w.{i + 1}");
            for (var j = offDiagonal ? 0 : i; j <= i; j++)
            {
                var (mi, mj) = (mean[i], mean[j]);
                var product = draws[i].Zip(draws[j], (a, b) => a.Zip(b, (x, y) => (x - mi) * (y - mj)).ToArray()).ToArray();
                AssertExpectation(product, covariance[(i * dimension) + j], k, $"{label}: covariance of w.{i + 1}, w.{j + 1}");
            }
        }
    }
}
