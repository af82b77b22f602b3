using System.Numerics.Tensors;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Models;

/// <summary>The isotropic Gaussian prior N(0, sigma_p^2 I_d).</summary>
public sealed class GaussianPrior : IPrior
{
    // log(2 pi sigma_p^2), the normalizer per coordinate: computed once, not at every evaluation.
    private readonly double _logTwoPiVariance;

    /// <summary>Creates the prior with standard deviation <paramref name="standardDeviation"/> (Range: &gt; 0, finite).</summary>
    public GaussianPrior(double standardDeviation)
    {
        if (!(standardDeviation > 0) || !double.IsFinite(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "the prior standard deviation must be positive and finite");
        }

        StandardDeviation = standardDeviation;
        _logTwoPiVariance = Math.Log(2 * Math.PI * standardDeviation * standardDeviation);
    }

    /// <summary>sigma_p.</summary>
    public double StandardDeviation { get; }

    /// <inheritdoc/>
    public double LogDensity(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        var variance = StandardDeviation * StandardDeviation;
        TensorPrimitives.Multiply(parameters, -1.0 / variance, gradient);
        return (-0.5 * parameters.Length * _logTwoPiVariance) - (0.5 * TensorPrimitives.Dot(parameters, parameters) / variance);
    }

    /// <inheritdoc/>
    public void Sample(RandomStream random, Span<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = StandardDeviation * random.NextGaussian();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"normal(0, {StandardDeviation:R})";
}
