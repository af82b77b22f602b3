using BayesFreeEnergy.Sampling.Core;

namespace BayesFreeEnergy.Sampling.Hamiltonian;

/// <summary>A point (q, p) of phase space with the target's density and gradient at q.</summary>
internal sealed class PhasePoint
{
    public PhasePoint(int dimension)
    {
        State = new ChainState(dimension);
        Momentum = new double[dimension];
    }

    /// <summary>Position, gradient of the log density and the density.</summary>
    public ChainState State { get; }

    public double[] Momentum { get; }

    public double[] Position => State.Position;

    public double[] Gradient => State.Gradient;

    public double LogDensity => State.Density.LogDensity;

    public void CopyFrom(PhasePoint other)
    {
        State.CopyFrom(other.State);
        other.Momentum.CopyTo(Momentum, 0);
    }
}
