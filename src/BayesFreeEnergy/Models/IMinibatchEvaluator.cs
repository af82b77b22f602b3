namespace BayesFreeEnergy.Models;

/// <summary>
/// An evaluator over a minibatch of m of the n data points: after <see cref="SelectBatch"/>, n L_n(w) and its
/// gradient are estimated by (n / m) times the batch's sum, as stochastic-gradient samplers need.
/// </summary>
public interface IMinibatchEvaluator : IModelEvaluator
{
    /// <summary>Batch size m.</summary>
    int BatchSize { get; }

    /// <summary>Uses data points <paramref name="indices"/> (m distinct indices in 0..n-1) until the next call.</summary>
    void SelectBatch(ReadOnlySpan<int> indices);
}
