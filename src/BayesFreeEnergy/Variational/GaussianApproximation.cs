using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Variational;

/// <summary>
/// A Gaussian q = N(mu, L L^T) over the d parameters, drawn by the reparameterization w = mu + L eps, eps ~ N(0, I), with
/// L = diag(exp(rho)) (I + M), M strictly lower-triangular (zero for the mean-field family). Correlations are held
/// relative to the scales, so an optimizer step of a given size changes every direction by a similar fraction of its own
/// spread; with L's entries free instead, Adam's equal steps on the d(d-1)/2 off-diagonal entries inflate the covariance
/// of a network many times over.
/// </summary>
public sealed class GaussianApproximation
{
    private readonly double[] _mean;
    private readonly double[] _logScale;
    private readonly double[]? _lower; // M, strictly lower, row-major d x d (full rank only)

    /// <summary>Creates q with the given mean and every scale exp(logScale), no correlations.</summary>
    public GaussianApproximation(VariationalFamily family, ReadOnlySpan<double> mean, double logScale)
    {
        Family = family;
        _mean = mean.ToArray();
        _logScale = [.. Enumerable.Repeat(logScale, mean.Length)];
        _lower = family == VariationalFamily.FullRank ? new double[mean.Length * mean.Length] : null;
    }

    /// <summary>Creates q with the given mean and log-scales rho, no correlations (e.g. a full-rank q from a mean-field fit).</summary>
    public GaussianApproximation(VariationalFamily family, ReadOnlySpan<double> mean, ReadOnlySpan<double> logScale)
        : this(family, mean, 0)
    {
        if (logScale.Length != mean.Length)
        {
            throw new ArgumentException($"{logScale.Length} log-scales for {mean.Length} means", nameof(logScale));
        }

        logScale.CopyTo(_logScale);
    }

    /// <summary>The family.</summary>
    public VariationalFamily Family { get; }

    /// <summary>d.</summary>
    public int Dimension => _mean.Length;

    /// <summary>mu.</summary>
    public Span<double> Mean => _mean;

    /// <summary>rho = log of the diagonal of L (the standard deviations, for the mean-field family).</summary>
    public Span<double> LogScale => _logScale;

    /// <summary>Number of free parameters: 2d (mean field) or d + d(d+1)/2 (full rank).</summary>
    public int ParameterCount => Family == VariationalFamily.MeanField ? 2 * Dimension : Dimension + (Dimension * (Dimension + 1) / 2);

    /// <summary>Draws eps ~ N(0, I) into <paramref name="noise"/> and w = mu + L eps into <paramref name="draw"/>.</summary>
    public void Sample(RandomStream random, Span<double> noise, Span<double> draw)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < Dimension; i++)
        {
            noise[i] = random.NextGaussian();
        }

        Transform(noise, draw);
    }

    /// <summary>w = mu + L eps: w_i = mu_i + exp(rho_i) (eps_i + sum_{j &lt; i} M_ij eps_j).</summary>
    public void Transform(ReadOnlySpan<double> noise, Span<double> draw)
    {
        var d = Dimension;
        for (var i = 0; i < d; i++)
        {
            draw[i] = _mean[i] + (Math.Exp(_logScale[i]) * Combined(noise, i));
        }
    }

    // eps_i + sum_{j < i} M_ij eps_j: row i of (I + M) eps.
    private double Combined(ReadOnlySpan<double> noise, int i) =>
        noise[i] + (_lower is null ? 0 : System.Numerics.Tensors.TensorPrimitives.Dot(_lower.AsSpan(i * Dimension, i), noise[..i]));

    /// <summary>log q(w) for w = mu + L eps: -(d/2) log 2 pi - sum rho - |eps|^2 / 2.</summary>
    public double LogDensityAt(ReadOnlySpan<double> noise) =>
        (-0.5 * Dimension * Math.Log(2 * Math.PI)) - _logScale.Sum() - (0.5 * System.Numerics.Tensors.TensorPrimitives.Dot(noise, noise));

    /// <summary>
    /// Subtracts grad_w log q(w) = -L^-T eps from <paramref name="gradient"/> (grad_w log p(w) at w = mu + L eps), turning it
    /// into grad_w [log p(w) - log q(w)] with q's parameters held fixed: the "sticking the landing" estimator of Roeder, Wu
    /// and Duvenaud (2017), whose variance vanishes where q equals the posterior, unlike the one with the analytic entropy.
    /// </summary>
    public void AddLogRatioTerm(ReadOnlySpan<double> noise, Span<double> gradient)
    {
        // L^T u = eps with L^T = (I + M)^T D: z = D u solves the unit upper-triangular (I + M^T) z = eps by back substitution.
        var d = Dimension;
        Span<double> z = d <= 256 ? stackalloc double[d] : new double[d];
        for (var i = d - 1; i >= 0; i--)
        {
            var value = noise[i];
            for (var k = i + 1; _lower is not null && k < d; k++)
            {
                value -= _lower[(k * d) + i] * z[k];
            }

            z[i] = value;
            gradient[i] += value / Math.Exp(_logScale[i]);
        }
    }

    /// <summary>
    /// Adds to <paramref name="gradient"/> (laid out as mu, rho, then M row by row) the
    /// reparameterization gradient for one draw of a function of w with gradient g there: d/dmu_i = g_i,
    /// d/drho_i = g_i exp(rho_i) (eps_i + sum_j M_ij eps_j), d/dM_ij = g_i exp(rho_i) eps_j.
    /// </summary>
    public void AccumulateGradient(ReadOnlySpan<double> logDensityGradient, ReadOnlySpan<double> noise, Span<double> gradient)
    {
        var d = Dimension;
        var offset = 2 * d;
        for (var i = 0; i < d; i++)
        {
            var g = logDensityGradient[i];
            var scaled = g * Math.Exp(_logScale[i]);
            gradient[i] += g;
            gradient[d + i] += scaled * Combined(noise, i);
            for (var j = 0; _lower is not null && j < i; j++)
            {
                gradient[offset++] += scaled * noise[j];
            }
        }
    }

    /// <summary>Copies the free parameters (mu, rho, then M row by row) into <paramref name="values"/>.</summary>
    public void CopyParametersTo(Span<double> values)
    {
        var d = Dimension;
        _mean.CopyTo(values);
        _logScale.CopyTo(values[d..]);
        var offset = 2 * d;
        for (var i = 1; _lower is not null && i < d; i++)
        {
            _lower.AsSpan(i * d, i).CopyTo(values[offset..]);
            offset += i;
        }
    }

    /// <summary>Sets the free parameters (mu, rho, then M row by row) from <paramref name="values"/>.</summary>
    public void SetParameters(ReadOnlySpan<double> values)
    {
        var d = Dimension;
        values[..d].CopyTo(_mean);
        values[d..(2 * d)].CopyTo(_logScale);
        var offset = 2 * d;
        for (var i = 1; _lower is not null && i < d; i++)
        {
            values.Slice(offset, i).CopyTo(_lower.AsSpan(i * d, i));
            offset += i;
        }
    }

    /// <summary>The covariance L L^T, row-major d x d.</summary>
    public double[] Covariance()
    {
        var d = Dimension;
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            var scale = Math.Exp(_logScale[i]);
            l[(i * d) + i] = scale;
            for (var j = 0; _lower is not null && j < i; j++)
            {
                l[(i * d) + j] = scale * _lower[(i * d) + j];
            }
        }

        var covariance = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                covariance[(i * d) + j] = System.Numerics.Tensors.TensorPrimitives.Dot(l.AsSpan(i * d, d), l.AsSpan(j * d, d));
            }
        }

        return covariance;
    }
}
