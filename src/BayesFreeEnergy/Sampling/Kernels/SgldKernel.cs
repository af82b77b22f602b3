using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Sampling.Kernels;

/// <summary>
/// Stochastic-gradient Langevin dynamics (Welling and Teh 2011) on the tempered posterior, with an optional
/// localization term (Lau et al. 2023, the devinterp local learning coefficient):
/// w' = w + (eps / 2) (grad log phi(w) - beta (n / m) sum_batch grad loss_i(w) - gamma (w - w0)) + N(0, eps I).
/// </summary>
/// <remarks>
/// No Metropolis correction: the chain's stationary law is off by O(eps). The state carries the minibatch
/// estimate at its own position, so each transition costs one minibatch gradient, and a draw's lp__ and n L_n
/// are minibatch estimates at the recorded position (what devinterp reports too).
/// </remarks>
public sealed class SgldKernel : IMcmcKernel
{
    private readonly IMinibatchEvaluator _evaluator;
    private readonly IPrior _prior;
    private readonly double _beta;
    private readonly double _localization;
    private readonly double[]? _center;
    private readonly bool _includePrior;
    private readonly int[] _permutation;
    private readonly double[] _priorGradient;
    private readonly double[] _drift;
    private readonly ChainState _previous;

    /// <summary>Creates a kernel with its workspace for one chain.</summary>
    /// <param name="model">The model; its minibatch evaluator is created here.</param>
    /// <param name="beta">Inverse temperature, Range: [0, 1].</param>
    /// <param name="batchSize">Minibatch size m, Range: 1..n.</param>
    /// <param name="localization">gamma, Range: &gt;= 0; 0 turns localization off.</param>
    /// <param name="center">w0, required when gamma &gt; 0.</param>
    /// <param name="includePrior">Whether the drift includes grad log phi (false for devinterp's localized LLC posterior).</param>
    public SgldKernel(ITemperedModel model, double beta, int batchSize, double localization = 0, double[]? center = null, bool includePrior = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(beta >= 0 && beta <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "the inverse temperature must lie in [0, 1]");
        }

        if (!(localization >= 0) || !double.IsFinite(localization))
        {
            throw new ArgumentOutOfRangeException(nameof(localization), localization, "the localization strength must be non-negative and finite");
        }

        if (localization > 0 && (center is null || center.Length != model.Dimension))
        {
            throw new ArgumentException($"localization needs a center of length {model.Dimension}", nameof(center));
        }

        _evaluator = model.CreateMinibatchEvaluator(batchSize);
        _prior = model.Prior;
        _beta = beta;
        _localization = localization;
        _center = center;
        _includePrior = includePrior;
        _permutation = [.. Enumerable.Range(0, model.DataCount)];
        _priorGradient = new double[model.Dimension];
        _drift = new double[model.Dimension];
        _previous = new ChainState(model.Dimension);
    }

    /// <summary>SGLD runs at the step size it is given: warm-up is burn-in only.</summary>
    public bool AdaptsStepSize => false;

    /// <inheritdoc/>
    public double InitialStepSize(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric) => stepSize;

    /// <inheritdoc/>
    public TransitionInfo Step(RandomStream random, ChainState state, double stepSize, ReadOnlySpan<double> inverseMetric)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(state);
        var w = state.Position;
        _previous.CopyFrom(state);
        state.Gradient.CopyTo(_drift, 0);
        if (!_includePrior)
        {
            _prior.LogDensity(w, _priorGradient);
            System.Numerics.Tensors.TensorPrimitives.Subtract(_drift, _priorGradient, _drift);
        }

        var noise = Math.Sqrt(stepSize);
        for (var i = 0; i < w.Length; i++)
        {
            var drift = _drift[i] - (_localization > 0 ? _localization * (w[i] - _center![i]) : 0);
            w[i] += (0.5 * stepSize * drift) + (noise * random.NextGaussian());
        }

        // Partial Fisher-Yates: the first m entries become a uniform sample without replacement.
        var m = _evaluator.BatchSize;
        for (var i = 0; i < m; i++)
        {
            var j = i + random.NextInt(_permutation.Length - i);
            (_permutation[i], _permutation[j]) = (_permutation[j], _permutation[i]);
        }

        _evaluator.SelectBatch(_permutation.AsSpan(0, m));
        state.Density = _evaluator.Evaluate(w, _beta, state.Gradient);
        var divergent = !double.IsFinite(state.Density.LogDensity);
        if (divergent)
        {
            // Outside the prior's support (or a numerical failure): reject the move, as a Metropolis step would.
            state.CopyFrom(_previous);
        }

        return new TransitionInfo(1, stepSize, 0, 1, divergent, -state.Density.LogDensity);
    }
}
