namespace BayesFreeEnergy.Estimation;

/// <summary>How the local learning coefficient samples its localized posterior.</summary>
public enum LlcSampler
{
    /// <summary>SGLD (devinterp's estimator): minibatches, any size; its step sets a bias that its checks watch.</summary>
    Sgld,

    /// <summary>
    /// NUTS on the same target: exact, full batch, step and metric adapted in warm-up; for networks up to thousands of
    /// parameters and as the reference an SGLD estimate at the same localization must reproduce.
    /// </summary>
    Nuts,
}
