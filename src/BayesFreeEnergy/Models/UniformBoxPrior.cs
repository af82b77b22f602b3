using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Models;

/// <summary>The uniform prior on the box [-a, a]^d; log density -infinity outside.</summary>
public sealed class UniformBoxPrior : IPrior
{
    /// <summary>Creates the prior on [-<paramref name="halfWidth"/>, <paramref name="halfWidth"/>]^d (Range: a &gt; 0, finite).</summary>
    public UniformBoxPrior(double halfWidth)
    {
        if (!(halfWidth > 0) || !double.IsFinite(halfWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(halfWidth), halfWidth, "the box half-width must be positive and finite");
        }

        HalfWidth = halfWidth;
    }

    /// <summary>a.</summary>
    public double HalfWidth { get; }

    /// <inheritdoc/>
    public double LogDensity(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        gradient.Clear();
        foreach (var w in parameters)
        {
            if (!(Math.Abs(w) <= HalfWidth))
            {
                return double.NegativeInfinity;
            }
        }

        return -parameters.Length * Math.Log(2 * HalfWidth);
    }

    /// <inheritdoc/>
    public void Sample(RandomStream random, Span<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = HalfWidth * ((2 * random.NextDouble()) - 1);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"uniform(-{HalfWidth:R}, {HalfWidth:R})";
}
