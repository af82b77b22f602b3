using BayesFreeEnergy.Models;

namespace BayesFreeEnergy.Sampling.Core;

/// <summary>
/// The density one chain samples: a model evaluator at a fixed inverse temperature beta, giving
/// log phi(w) - beta n L_n(w). One per chain (the evaluator's workspace is not shared).
/// </summary>
public sealed class TemperedTarget
{
    /// <summary>Creates the target for <paramref name="evaluator"/> at inverse temperature <paramref name="beta"/> (Range: [0, 1]).</summary>
    public TemperedTarget(IModelEvaluator evaluator, double beta)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        if (!(beta >= 0 && beta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "the inverse temperature must lie in [0, 1]");
        }

        Evaluator = evaluator;
        Beta = beta;
    }

    /// <summary>The model evaluator.</summary>
    public IModelEvaluator Evaluator { get; }

    /// <summary>Inverse temperature beta.</summary>
    public double Beta { get; }

    /// <summary>Number of parameters d.</summary>
    public int Dimension => Evaluator.Dimension;

    /// <summary>Evaluates the target at <paramref name="position"/>, writing the gradient of its log density.</summary>
    public TemperedDensity Evaluate(ReadOnlySpan<double> position, Span<double> gradient) => Evaluator.Evaluate(position, Beta, gradient);
}
