namespace BayesFreeEnergy.Models;

/// <summary>
/// A model together with its data and prior: what every sampler and estimator works on. The tempered
/// posterior is p_beta(w | D_n) ∝ phi(w) exp(-n beta L_n(w)) for any beta in [0, 1].
/// </summary>
public interface ITemperedModel
{
    /// <summary>Number of parameters d.</summary>
    int Dimension { get; }

    /// <summary>Number of data points n.</summary>
    int DataCount { get; }

    /// <summary>The prior phi.</summary>
    IPrior Prior { get; }

    /// <summary>
    /// Creates an evaluator with its own workspace. Evaluators are not thread-safe; create one per chain.
    /// </summary>
    IModelEvaluator CreateEvaluator();

    /// <summary>Creates an evaluator over minibatches of <paramref name="batchSize"/> points (Range: 1..n), one per chain.</summary>
    IMinibatchEvaluator CreateMinibatchEvaluator(int batchSize);

    /// <summary>The same likelihood and data under another prior (e.g. the localization of the local learning coefficient).</summary>
    ITemperedModel WithPrior(IPrior prior);
}
