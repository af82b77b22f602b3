namespace BayesFreeEnergy.Models;

/// <summary>A normalized prior density phi(w) over R^d (normalization matters: TI integrates from the prior).</summary>
public interface IPrior
{
    /// <summary>
    /// Returns log phi(w) and writes d log phi / dw into <paramref name="gradient"/> (overwriting it).
    /// Outside the support the result is negative infinity and the gradient is zero; samplers treat that as a rejection.
    /// </summary>
    double LogDensity(ReadOnlySpan<double> parameters, Span<double> gradient);

    /// <summary>Fills <paramref name="parameters"/> with a draw from the prior.</summary>
    void Sample(Numerics.RandomStream random, Span<double> parameters);
}
