using System.Numerics.Tensors;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Models;

/// <summary>
/// The isotropic Gaussian prior N(m, sigma_p^2 I_d), centred at the origin unless a mean m is given (a prior centred at a
/// trained network is the localization of the local learning coefficient).
/// </summary>
public sealed class GaussianPrior : IPrior
{
    // log(2 pi sigma_p^2), the normalizer per coordinate: computed once, not at every evaluation.
    private readonly double _logTwoPiVariance;

    private readonly double[]? _mean;

    /// <summary>Creates the prior with standard deviation <paramref name="standardDeviation"/> (Range: &gt; 0, finite).</summary>
    /// <param name="standardDeviation">sigma_p.</param>
    /// <param name="mean">m (finite entries, the model's dimension), or null for the origin.</param>
    public GaussianPrior(double standardDeviation, IReadOnlyList<double>? mean = null)
    {
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "the prior standard deviation must be positive and finite");
        }

        if (mean is not null && mean.Any(m => !double.IsFinite(m)))
        {
            throw new ArgumentException("the prior mean must be finite", nameof(mean));
        }

        StandardDeviation = standardDeviation;
        _mean = mean?.ToArray();
        _logTwoPiVariance = Math.Log(2 * Math.PI * standardDeviation * standardDeviation);
    }

    /// <summary>sigma_p.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc/>
    public double LogDensity(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var variance = StandardDeviation * StandardDeviation;
        if (_mean is null)
        {
            TensorPrimitives.Multiply(parameters, -1.0 / variance, gradient);
            return (-0.5 * parameters.Length * _logTwoPiVariance) - (0.5 * TensorPrimitives.Dot(parameters, parameters) / variance);
        }

        if (_mean.Length != parameters.Length)
        {
            throw new ArgumentException($"the prior mean has {_mean.Length} entries, the point {parameters.Length}", nameof(parameters));
        }

        TensorPrimitives.Subtract(parameters, _mean, gradient);
        var squares = TensorPrimitives.Dot(gradient, gradient);
        TensorPrimitives.Multiply(gradient, -1.0 / variance, gradient);
        return (-0.5 * parameters.Length * _logTwoPiVariance) - (0.5 * squares / variance);
    }

    /// <inheritdoc/>
    public void Sample(RandomStream random, Span<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = (_mean?[i] ?? 0) + (StandardDeviation * random.NextGaussian());
        }
    }

    /// <inheritdoc/>
    public override string ToString() => _mean is null ? $"normal(0, {StandardDeviation:R})" : $"normal(w0, {StandardDeviation:R})";
}
