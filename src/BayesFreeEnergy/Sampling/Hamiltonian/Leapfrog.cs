using System.Numerics.Tensors;
using BayesFreeEnergy.Sampling.Core;

namespace BayesFreeEnergy.Sampling.Hamiltonian;

/// <summary>The leapfrog (velocity Verlet) integrator for the Hamiltonian -log density(q) + T(p).</summary>
internal static class Leapfrog
{
    /// <summary>One step of size <paramref name="stepSize"/> (negative: backwards in time), updating <paramref name="z"/> in place.</summary>
    public static void Step(PhasePoint z, double stepSize, ReadOnlySpan<double> inverseMetric, TemperedTarget target, Span<double> scratch)
    {
        // Half kick with the gradient of the log density (minus the potential's), drift, re-evaluate, half kick.
        TensorPrimitives.MultiplyAdd(z.Gradient, 0.5 * stepSize, z.Momentum, z.Momentum);
        DiagonalMetric.Velocity(z.Momentum, inverseMetric, scratch);
        TensorPrimitives.MultiplyAdd(scratch, stepSize, z.Position, z.Position);
        z.State.Evaluate(target);
        TensorPrimitives.MultiplyAdd(z.Gradient, 0.5 * stepSize, z.Momentum, z.Momentum);
    }

    /// <summary>
    /// Stan's initial step-size heuristic: starting from <paramref name="stepSize"/>, double it while one
    /// leapfrog step's acceptance probability stays above 0.8, or halve it while it stays below.
    /// </summary>
    public static double FindReasonableStepSize(Numerics.RandomStream random, ChainState state, double stepSize,
        ReadOnlySpan<double> inverseMetric, TemperedTarget target, PhasePoint z, Span<double> scratch)
    {
        if (!(stepSize > 0) || stepSize > 1e7)
        {
            return stepSize;
        }

        var logTarget = Math.Log(0.8);
        var direction = EnergyChange(random, state, stepSize, inverseMetric, target, z, scratch) > logTarget ? 1 : -1;
        while (true)
        {
            var deltaH = EnergyChange(random, state, stepSize, inverseMetric, target, z, scratch);
            if ((direction == 1 && !(deltaH > logTarget)) || (direction == -1 && !(deltaH < logTarget)))
            {
                return stepSize;
            }

            stepSize = direction == 1 ? 2 * stepSize : 0.5 * stepSize;
            if (stepSize > 1e7)
            {
                throw new InvalidOperationException("the step size grew above 1e7 while tuning: the posterior looks improper");
            }

            if (stepSize == 0)
            {
                throw new InvalidOperationException("no acceptably small step size: the density or its gradient is not finite near the initial point");
            }
        }
    }

    // H(start) - H(after one step) from state with a fresh momentum: the log acceptance probability of one step.
    private static double EnergyChange(Numerics.RandomStream random, ChainState state, double stepSize,
        ReadOnlySpan<double> inverseMetric, TemperedTarget target, PhasePoint z, Span<double> scratch)
    {
        z.State.CopyFrom(state);
        DiagonalMetric.SampleMomentum(random, inverseMetric, z.Momentum);
        var h0 = DiagonalMetric.Hamiltonian(z, inverseMetric);
        Step(z, stepSize, inverseMetric, target, scratch);
        return h0 - DiagonalMetric.Hamiltonian(z, inverseMetric);
    }
}
