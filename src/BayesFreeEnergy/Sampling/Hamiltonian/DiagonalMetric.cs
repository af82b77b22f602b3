using System.Numerics;
using System.Numerics.Tensors;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Sampling.Hamiltonian;

/// <summary>
/// Euclidean kinetic energy with a diagonal inverse metric M^-1: T(p) = p' M^-1 p / 2. As in Stan, the
/// metric owns the kinetic energy and the momentum distribution; integrators only call it.
/// </summary>
internal static class DiagonalMetric
{
    public static double KineticEnergy(ReadOnlySpan<double> momentum, ReadOnlySpan<double> inverseMetric)
    {
        // Vector lanes keep independent partial sums: a scalar running sum is one long chain of dependent adds,
        // and NUTS evaluates this once per leapfrog step.
        var lanes = Vector<double>.Zero;
        var i = 0;
        for (; i <= momentum.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            var p = new Vector<double>(momentum[i..]);
            lanes += p * p * new Vector<double>(inverseMetric[i..]);
        }

        var sum = Vector.Sum(lanes);
        for (; i < momentum.Length; i++)
        {
            sum += momentum[i] * momentum[i] * inverseMetric[i];
        }

        return 0.5 * sum;
    }

    /// <summary>dT/dp = M^-1 p (Stan's p_sharp, the velocity).</summary>
    public static void Velocity(ReadOnlySpan<double> momentum, ReadOnlySpan<double> inverseMetric, Span<double> velocity) =>
        TensorPrimitives.Multiply(momentum, inverseMetric, velocity);

    /// <summary>p ~ N(0, M).</summary>
    public static void SampleMomentum(RandomStream random, ReadOnlySpan<double> inverseMetric, Span<double> momentum)
    {
        for (var i = 0; i < momentum.Length; i++)
        {
            momentum[i] = random.NextGaussian() / Math.Sqrt(inverseMetric[i]);
        }
    }

    /// <summary>H = -log density + T(p); NaN (a failed evaluation) counts as +infinity, as in Stan.</summary>
    public static double Hamiltonian(PhasePoint z, ReadOnlySpan<double> inverseMetric)
    {
        var h = -z.LogDensity + KineticEnergy(z.Momentum, inverseMetric);
        return double.IsNaN(h) ? double.PositiveInfinity : h;
    }
}
