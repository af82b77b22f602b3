using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Theory;

/// <summary>
/// Closed forms for Bayesian linear regression, the architecture <c>M-N</c> with a Gaussian prior N(0, sigma_p^2 I)
/// and known noise s (docs/theory.md section 6): the tempered posterior is Gaussian, and its normalizing constant
/// Z(beta) = ∫ phi(w) prod_i p(y_i | x_i, w)^beta dw is known, so F_n = -log Z(1) checks every free-energy estimator.
/// </summary>
/// <remarks>
/// Each output o has its own coefficients theta_o = (W_o, b_o) and they are independent a posteriori:
/// precision Lambda = I / sigma_p^2 + (beta / s^2) X1' X1, mean Lambda^-1 (beta / s^2) X1' y_o, with X1 = [X, 1]
/// (X alone without biases).
/// </remarks>
public sealed class LinearRegressionPosterior
{
    private readonly Architecture _architecture;
    private readonly double[] _mean;
    private readonly double[] _covariance;

    /// <summary>Computes the tempered posterior of a linear model.</summary>
    /// <param name="architecture">An architecture with one weight layer (<c>M-N</c>).</param>
    /// <param name="data">The data.</param>
    /// <param name="noise">Noise standard deviation s.</param>
    /// <param name="priorSd">Prior standard deviation sigma_p.</param>
    /// <param name="beta">Inverse temperature, Range: [0, 1].</param>
    public LinearRegressionPosterior(Architecture architecture, Dataset data, double noise, double priorSd, double beta = 1)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        if (architecture.LayerCount != 1)
        {
            throw new ArgumentException($"closed forms need a linear model M-N, got {architecture}", nameof(architecture));
        }

        _architecture = architecture;
        var m = architecture.InputWidth;
        var outputs = architecture.OutputWidth;
        var k = m + (architecture.HasBiases ? 1 : 0);
        var n = data.Count;
        var design = new double[n * k];
        for (var s = 0; s < n; s++)
        {
            data.Input(s).CopyTo(design.AsSpan(s * k, m));
            if (architecture.HasBiases)
            {
                design[(s * k) + m] = 1;
            }
        }

        var precision = new double[k * k];
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                var sum = 0.0;
                for (var s = 0; s < n; s++)
                {
                    sum += design[(s * k) + a] * design[(s * k) + b];
                }

                precision[(a * k) + b] = (beta / (noise * noise) * sum) + (a == b ? 1 / (priorSd * priorSd) : 0);
            }
        }

        var cholesky = new Cholesky(precision, k);
        var covariance = cholesky.Inverse();
        var d = architecture.ParameterCount;
        _mean = new double[d];
        _covariance = new double[d * d];
        var logZ = 0.0;
        for (var o = 0; o < outputs; o++)
        {
            var projection = new double[k];
            var yy = 0.0;
            for (var s = 0; s < n; s++)
            {
                var y = data.Target(s)[o];
                yy += y * y;
                for (var a = 0; a < k; a++)
                {
                    projection[a] += beta / (noise * noise) * design[(s * k) + a] * y;
                }
            }

            var mean = cholesky.Solve(projection);
            var quadratic = mean.Zip(projection, (u, v) => u * v).Sum(); // mu' Lambda mu
            logZ += (-0.5 * beta * n * Math.Log(2 * Math.PI * noise * noise)) - (0.5 * k * Math.Log(priorSd * priorSd))
                - (0.5 * cholesky.LogDeterminant) - (beta * yy / (2 * noise * noise)) + (0.5 * quadratic);
            for (var a = 0; a < k; a++)
            {
                _mean[Index(o, a)] = mean[a];
                for (var b = 0; b < k; b++)
                {
                    _covariance[(Index(o, a) * d) + Index(o, b)] = covariance[(a * k) + b];
                }
            }
        }

        LogNormalizer = logZ;
    }

    /// <summary>Posterior mean in the network's flat parameter layout.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Posterior covariance (d x d, row-major) in the flat layout.</summary>
    public ReadOnlySpan<double> Covariance => _covariance;

    /// <summary>log Z(beta); at beta = 1 the log marginal likelihood, so F_n = -LogNormalizer.</summary>
    public double LogNormalizer { get; }

    // Coefficient a of output o in the flat layout: W[o, a] for a < M, then b[o].
    private int Index(int o, int a)
    {
        var layer = _architecture.Layer(1);
        return a < layer.Inputs ? layer.WeightOffset + (o * layer.Inputs) + a : layer.BiasOffset + o;
    }
}
