namespace BayesFreeEnergy.Estimation;

/// <summary>How the local learning coefficient preconditions SGLD (see <see cref="LocalLearningCoefficient.Preconditioner"/>).</summary>
public enum LlcPreconditioning
{
    /// <summary>Dense up to <see cref="LocalLearningCoefficient.DensePreconditionerLimit"/> parameters, diagonal above.</summary>
    Automatic,

    /// <summary>Plain SGLD.</summary>
    None,

    /// <summary>The inverse of the localized Hessian's diagonal at w0.</summary>
    Diagonal,

    /// <summary>The inverse of the localized Hessian at w0.</summary>
    Dense,

    /// <summary>
    /// A diagonal learned from the chain's own exact gradients (quickly in warm-up, slowly after), starting from the
    /// identity over the top curvature at w0, with the chains starting at w0: for weak localization and large networks,
    /// where the curvature at w0 says little about where the chain goes. <see cref="LocalLearningCoefficient.Calibrate"/>
    /// then judges the step by comparing it with twice itself.
    /// </summary>
    Adaptive,
}
