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
}
