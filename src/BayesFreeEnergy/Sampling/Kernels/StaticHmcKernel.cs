using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling.Core;
using BayesFreeEnergy.Sampling.Hamiltonian;

namespace BayesFreeEnergy.Sampling.Kernels;

/// <summary>
/// Hamiltonian Monte Carlo with a fixed integration time T: floor(T / step size) leapfrog steps (at least
/// one, at most a cap) and a Metropolis correction, as Stan's static HMC.
/// </summary>
public sealed class StaticHmcKernel : IMcmcKernel
{
    private readonly TemperedTarget _target;
    private readonly PhasePoint _z;
    private readonly double[] _scratch;

    /// <summary>Creates a kernel with its workspace for one chain.</summary>
    /// <param name="target">The chain's target density.</param>
    /// <param name="integrationTime">Integration time T (Stan's default 2 pi), Range: &gt; 0.</param>
    /// <param name="maxSteps">Cap on leapfrog steps per transition, so a step size that adaptation drives toward zero
    /// (for example against the wall of a box prior) costs at most as much as a NUTS tree of the same budget.</param>
    public StaticHmcKernel(TemperedTarget target, double integrationTime = 2 * Math.PI, int maxSteps = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, 1);
        ArgumentNullException.ThrowIfNull(target);
        if (!(integrationTime > 0) || !double.IsFinite(integrationTime))
        {
            throw new ArgumentOutOfRangeException(nameof(integrationTime), integrationTime, "the integration time must be positive and finite");
        }

        _target = target;
        IntegrationTime = integrationTime;
        MaxSteps = maxSteps;
        _z = new PhasePoint(target.Dimension);
        _scratch = new double[target.Dimension];
    }

    /// <summary>Integration time T.</summary>
    public double IntegrationTime { get; }

    /// <summary>Most leapfrog steps per transition.</summary>
    public int MaxSteps { get; }

    /// <inheritdoc/>
    public bool AdaptsStepSize => true;

    /// <inheritdoc/>
    public double InitialStepSize(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric) =>
        Leapfrog.FindReasonableStepSize(random, state, stepSize, inverseMetric, _target, _z, _scratch);

    /// <inheritdoc/>
    public TransitionInfo Step(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(state);
        var steps = (int)Math.Max(1, Math.Min(MaxSteps, IntegrationTime / stepSize));
        _z.State.CopyFrom(state);
        DiagonalMetric.SampleMomentum(random, inverseMetric, _z.Momentum);
        var h0 = DiagonalMetric.Hamiltonian(_z, inverseMetric);
        var diverged = false;
        for (var i = 0; i < steps && !diverged; i++)
        {
            Leapfrog.Step(_z, stepSize, inverseMetric, _target, _scratch);
            diverged = DiagonalMetric.Hamiltonian(_z, inverseMetric) - h0 > NutsKernel.MaxEnergyError;
        }

        var h = DiagonalMetric.Hamiltonian(_z, inverseMetric);
        var acceptProbability = Math.Exp(h0 - h);
        if (diverged || (acceptProbability < 1 && random.NextDouble() > acceptProbability))
        {
            return new TransitionInfo(Math.Min(1, acceptProbability), stepSize, 0, steps, diverged, h0);
        }

        _z.State.CopyTo(state);
        return new TransitionInfo(Math.Min(1, acceptProbability), stepSize, 0, steps, false, h);
    }
}
