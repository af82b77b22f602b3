namespace BayesFreeEnergy.Models;

/// <summary>
/// Evaluates a model's tempered log density over the data the model holds, in a private workspace:
/// calls do not allocate. Not thread-safe; one per chain.
/// </summary>
public interface IModelEvaluator
{
    /// <summary>Number of parameters d.</summary>
    int Dimension { get; }

    /// <summary>
    /// Evaluates log phi(w) - beta n L_n(w) and writes its exact gradient with respect to w into <paramref name="gradient"/>.
    /// </summary>
    /// <param name="parameters">The point w (length d).</param>
    /// <param name="beta">Inverse temperature, Range: [0, 1] (0 is the prior, 1 the posterior).</param>
    /// <param name="gradient">Receives the gradient (length d); zero where the prior density is zero.</param>
    TemperedDensity Evaluate(ReadOnlySpan<double> parameters, double beta, Span<double> gradient);

    /// <summary>n L_n(w) = -sum_i log p(y_i | x_i, w), without the gradient.</summary>
    double NegLogLikelihood(ReadOnlySpan<double> parameters);

    /// <summary>Writes log p(y_i | x_i, w) for every data point i into <paramref name="logLikelihood"/> (length n); WAIC and LOO need it.</summary>
    void PointwiseLogLikelihood(ReadOnlySpan<double> parameters, Span<double> logLikelihood);
}
