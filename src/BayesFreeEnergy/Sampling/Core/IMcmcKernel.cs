using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Sampling.Core;

/// <summary>
/// One Markov transition over a <see cref="ChainState"/>, as in BlackJAX: a step function with its tuning
/// (step size, inverse metric) passed in, so warm-up adaptation can change them every iteration and lives
/// outside the kernel. A kernel instance holds a preallocated workspace for one chain.
/// </summary>
public interface IMcmcKernel
{
    /// <summary>Whether warm-up should adapt the step size toward a target acceptance statistic.</summary>
    bool AdaptsStepSize { get; }

    /// <summary>Advances <paramref name="state"/> by one transition and reports it.</summary>
    /// <param name="random">The chain's random stream.</param>
    /// <param name="state">The current state; replaced by the next state.</param>
    /// <param name="stepSize">Step size (or proposal scale).</param>
    /// <param name="inverseMetric">Diagonal inverse metric (or proposal variances), length d.</param>
    TransitionInfo Step(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric);

    /// <summary>
    /// A step size to start adaptation from (Stan's heuristic for Hamiltonian kernels: double or halve until a
    /// single step's acceptance crosses 0.8). Kernels without one return <paramref name="stepSize"/>.
    /// </summary>
    double InitialStepSize(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric);
}
