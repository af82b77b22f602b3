namespace BayesFreeEnergy.Validation;

/// <summary>The lambda estimators the ground-truth suite checks.</summary>
public enum GroundTruthEstimator
{
    /// <summary>WBIC at two temperatures, 1/log n and 1.5/log n.</summary>
    TwoTemperatures,

    /// <summary>beta^2 Var_beta[n L_n] at beta = 1/log n.</summary>
    Variance,

    /// <summary>The local learning coefficient (calibrated SGLD).</summary>
    Llc,

    /// <summary>n G_n from beta = 1 draws (judged by its mean over seeds).</summary>
    ScaledGeneralizationError,
}
