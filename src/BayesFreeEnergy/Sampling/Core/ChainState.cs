using BayesFreeEnergy.Models;

namespace BayesFreeEnergy.Sampling.Core;

/// <summary>
/// What a chain carries from one transition to the next: the position and its evaluated density and
/// gradient (so no transition re-evaluates the point it starts from). Kernels update it in place.
/// </summary>
public sealed class ChainState
{
    /// <summary>Creates a state for dimension <paramref name="dimension"/>; call <see cref="Evaluate"/> before use.</summary>
    public ChainState(int dimension)
    {
        Position = new double[dimension];
        Gradient = new double[dimension];
    }

    /// <summary>The position w.</summary>
    public double[] Position { get; }

    /// <summary>Gradient of the log density at <see cref="Position"/>.</summary>
    public double[] Gradient { get; }

    /// <summary>The density at <see cref="Position"/>.</summary>
    public TemperedDensity Density { get; set; }

    /// <summary>Re-evaluates density and gradient at the current position (after a jump, a swap or a new beta).</summary>
    public void Evaluate(TemperedTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Density = target.Evaluate(Position, Gradient);
    }

    /// <summary>Copies this state into <paramref name="other"/>.</summary>
    public void CopyTo(ChainState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.CopyFrom(this);
    }

    /// <summary>Copies <paramref name="other"/> into this state.</summary>
    public void CopyFrom(ChainState other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.Position.CopyTo(Position, 0);
        other.Gradient.CopyTo(Gradient, 0);
        Density = other.Density;
    }
}
