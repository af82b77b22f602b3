using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling.Core;

namespace BayesFreeEnergy.Sampling.Kernels;

/// <summary>
/// Random-walk Metropolis with Gaussian proposals w' = w + scale * sqrt(v) * N(0, I), where v (the "inverse
/// metric") holds per-coordinate proposal variances. Warm-up adapts the scale toward 0.234 acceptance and v to
/// the posterior variances, so the proposal approaches the Roberts-Rosenthal optimum 2.38^2 / d * Sigma.
/// </summary>
public sealed class RandomWalkMetropolisKernel : IMcmcKernel
{
    /// <summary>The asymptotically optimal acceptance rate for random-walk proposals (Roberts, Gelman and Gilks 1997).</summary>
    public const double OptimalAcceptance = 0.234;

    private readonly TemperedTarget _target;
    private readonly ChainState _proposal;

    /// <summary>Creates a kernel with its workspace for one chain.</summary>
    public RandomWalkMetropolisKernel(TemperedTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _proposal = new ChainState(target.Dimension);
    }

    /// <inheritdoc/>
    public bool AdaptsStepSize => true;

    /// <summary>2.38 / sqrt(d): the optimal scale once the proposal variances match the posterior's.</summary>
    public double InitialStepSize(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric) =>
        2.38 / Math.Sqrt(_target.Dimension);

    /// <inheritdoc/>
    public TransitionInfo Step(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(state);
        for (var i = 0; i < state.Position.Length; i++)
        {
            _proposal.Position[i] = state.Position[i] + (stepSize * Math.Sqrt(inverseMetric[i]) * random.NextGaussian());
        }

        _proposal.Evaluate(_target);
        var logRatio = _proposal.Density.LogDensity - state.Density.LogDensity;
        if (double.IsNaN(logRatio))
        {
            logRatio = double.NegativeInfinity;
        }

        if (logRatio >= 0 || random.NextDouble() < Math.Exp(logRatio))
        {
            state.CopyFrom(_proposal);
        }

        return new TransitionInfo(Math.Min(1, Math.Exp(logRatio)), stepSize, 0, 0, false, -state.Density.LogDensity);
    }
}
