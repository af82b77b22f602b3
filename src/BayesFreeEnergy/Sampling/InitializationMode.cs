namespace BayesFreeEnergy.Sampling;

/// <summary>Where chains start.</summary>
public enum InitializationMode
{
    /// <summary>An independent draw from the prior per chain.</summary>
    Prior,

    /// <summary>A given point, the same for every chain.</summary>
    Point,

    /// <summary>A prior draw per chain followed by a short Adam ascent of the tempered log density.</summary>
    Optimize,
}
