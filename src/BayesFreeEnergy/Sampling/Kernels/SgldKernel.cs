using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling.Adaptation;
using BayesFreeEnergy.Sampling.Core;

namespace BayesFreeEnergy.Sampling.Kernels;

/// <summary>
/// Stochastic-gradient Langevin dynamics (Welling and Teh 2011) on the tempered posterior, with an optional
/// localization term (Lau et al. 2023, the devinterp local learning coefficient):
/// w' = w + (eps / 2) G (grad log phi(w) - beta (n / m) sum_batch grad loss_i(w) - gamma (w - w0)) + N(0, eps G), with an
/// optional preconditioner G: the identity by default, a fixed one, or a diagonal one learned from the chain
/// (<see cref="FisherDiagonalAdaptation"/>).
/// </summary>
/// <remarks>
/// Without the Metropolis test (the default) the chain's stationary law is off by O(eps), or by O(eps^2) with
/// Leimkuhler and Matthews' carried-over noise (exact for Gaussian targets). With the full batch, each transition's
/// accept_stat__ is the acceptance probability a Metropolis-adjusted step would have given it, so that error can be
/// watched; with minibatches every <see cref="CheckInterval"/>-th transition carries the same probability computed with
/// full-batch densities (the others NaN), which also charges the minibatch gradient's noise. The state carries the minibatch
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
    private readonly SgldPreconditioner? _preconditioner;
    private readonly bool _metropolisAdjusted;
    private readonly double[] _noise;
    private readonly double[] _reverse;
    private readonly double[] _reverseDrift;
    private readonly ChainState _previous;
    private readonly TemperedTarget? _exact;
    private readonly ChainState? _exactFrom;
    private readonly ChainState? _exactTo;
    private readonly int _checkInterval;
    private readonly int _adaptInterval;
    private readonly long _adaptUntil;
    private readonly FisherDiagonalAdaptation? _adaptation;
    private readonly double[] _force;
    private readonly double[]? _carriedNoise;
    private long _steps;

    /// <summary>Creates a kernel with its workspace for one chain.</summary>
    /// <param name="model">The model; its minibatch evaluator is created here.</param>
    /// <param name="beta">Inverse temperature, Range: [0, 1].</param>
    /// <param name="batchSize">Minibatch size m, Range: 1..n.</param>
    /// <param name="localization">gamma, Range: &gt;= 0; 0 turns localization off.</param>
    /// <param name="center">w0, required when gamma &gt; 0.</param>
    /// <param name="includePrior">Whether the drift includes grad log phi (false for devinterp's localized LLC posterior).</param>
    /// <param name="preconditioner">G, of dimension d; null for the identity.</param>
    /// <param name="metropolisAdjusted">Whether each move passes a Metropolis test (MALA), which makes the chain exact; needs the full batch.</param>
    /// <param name="leimkuhlerMatthews">
    /// Whether each move's noise is the mean of two consecutive draws, the one before carried over (Leimkuhler and Matthews
    /// 2013): the same cost, a stationary law exact for Gaussian targets at any stable step and off by O(eps^2), not O(eps),
    /// elsewhere. Not with <paramref name="metropolisAdjusted"/> (the moves are then not Markov in w alone).
    /// </param>
    /// <param name="adaptTransitions">
    /// 0 keeps the given preconditioner; otherwise a diagonal one is learned from the chain's exact gradients (see
    /// <see cref="FisherDiagonalAdaptation"/>), taken every <see cref="AdaptInterval"/> transitions and at every Metropolis
    /// check, with a short memory for this many first transitions (the warm-up) and a full memory after. Needs a diagonal
    /// (or no) starting preconditioner.
    /// </param>
    public SgldKernel(ITemperedModel model, double beta, int batchSize, double localization = 0, double[]? center = null, bool includePrior = true,
        SgldPreconditioner? preconditioner = null, bool metropolisAdjusted = false, long adaptTransitions = 0, bool leimkuhlerMatthews = false)
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
        if (preconditioner is not null && preconditioner.Dimension != model.Dimension)
        {
            throw new ArgumentException($"the preconditioner needs dimension {model.Dimension}", nameof(preconditioner));
        }

        if (metropolisAdjusted && batchSize != model.DataCount)
        {
            throw new ArgumentException("a Metropolis-adjusted step needs the full batch", nameof(metropolisAdjusted));
        }

        if (adaptTransitions > 0 && preconditioner is { IsDense: true })
        {
            throw new ArgumentException("an adapted preconditioner is diagonal; start it from a diagonal one", nameof(preconditioner));
        }

        if (metropolisAdjusted && leimkuhlerMatthews)
        {
            throw new ArgumentException("a Metropolis-adjusted step draws fresh noise each move; the carried-over noise of Leimkuhler and Matthews is not Markov", nameof(leimkuhlerMatthews));
        }

        _preconditioner = preconditioner;
        _metropolisAdjusted = metropolisAdjusted;
        _carriedNoise = leimkuhlerMatthews ? new double[model.Dimension] : null;
        _adaptUntil = adaptTransitions;
        _force = adaptTransitions > 0 ? new double[model.Dimension] : [];
        if (adaptTransitions > 0)
        {
            _adaptation = new FisherDiagonalAdaptation(preconditioner?.DiagonalValues() ?? [.. Enumerable.Repeat(1.0, model.Dimension)], Math.Max(localization, 1e-12));
            _preconditioner = SgldPreconditioner.Diagonal(_adaptation.Diagonal); // this chain's own copy, updated in place
        }

        _noise = new double[model.Dimension];
        _reverse = new double[model.Dimension];
        _reverseDrift = new double[model.Dimension];
        if (batchSize < model.DataCount)
        {
            // Minibatch moves are checked against the exact density every CheckInterval steps (about a quarter of the
            // minibatch work again), so their discretisation and gradient-noise error is watched as with the full batch.
            _exact = new TemperedTarget(model.CreateEvaluator(), beta);
            _exactFrom = new ChainState(model.Dimension);
            _exactTo = new ChainState(model.Dimension);
        }

        _checkInterval = CheckInterval(model.DataCount, batchSize);
        _adaptInterval = AdaptInterval(model.DataCount, batchSize);
    }

    /// <summary>
    /// While a preconditioner is adapted, every this many steps the exact gradient is taken for it (and at the Metropolis
    /// checks, which have it anyway): 2 n / m, so the looks cost about half the minibatch work again (with the full batch
    /// every other step's own gradient serves). (Looks at the minibatch gradient instead cost nothing,
    /// but its mean square adds the gradient noise's variance to the curvature: at m = 32 on a deep linear network of
    /// d = 10^5 the smaller G left 25 effective draws in 40,000.)
    /// </summary>
    public static int AdaptInterval(int dataCount, int batchSize) => Math.Max(1, (int)Math.Ceiling(2.0 * dataCount / batchSize));

    /// <summary>The current diagonal of G (the adapted one as it stands), or null when G is not diagonal.</summary>
    public IReadOnlyList<double>? PreconditionerDiagonal => _adaptation?.Diagonal ?? _preconditioner?.DiagonalValues();

    /// <summary>
    /// With minibatches, every this many steps a move is also judged with full-batch densities and gradients:
    /// 8 n / m, so the two extra full-batch evaluations cost about a quarter of the minibatch work.
    /// </summary>
    public static int CheckInterval(int dataCount, int batchSize) => Math.Max(1, (int)Math.Ceiling(8.0 * dataCount / batchSize));

    /// <summary>SGLD runs at the step size it is given: warm-up is burn-in (and, when asked, adapts G, not the step).</summary>
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
        _steps++;
        var check = _exact is not null && _steps % _checkInterval == 0;
        // G keeps adapting after warm-up, at the same pace: where the chain drifts along a flat valley (a rescaling of a
        // network's layers) the coordinates stiffen, and a G that lags behind them lets the loss climb until its next
        // update (a frozen G let a d = 10^5 deep linear network's LLC climb past +30%; updates every 1,600 steps, at the
        // checks alone, left a sawtooth in the loss trace with half the effective draws and +3 points of bias). It averages
        // over all its looks then, so its changes die out and it does not follow the chain's position (which would bias
        // the draws too; FisherDiagonalAdaptation).
        var look = _adaptation is not null && (_steps % _adaptInterval == 0 || check);
        if (_exact is not null && (check || look))
        {
            w.CopyTo(_exactFrom!.Position, 0);
            _exactFrom.Evaluate(_exact);
        }

        if (look)
        {
            Learn(_exact is null ? state : _exactFrom!);
        }

        Drift(state, _drift);
        Noise(random, _noise);
        var noise = Math.Sqrt(stepSize);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] += (0.5 * stepSize * _drift[i]) + (noise * _noise[i]);
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
            return new TransitionInfo(0, stepSize, 0, 1, true, -state.Density.LogDensity);
        }

        var acceptance = double.NaN;
        if (m == _permutation.Length)
        {
            acceptance = MetropolisAcceptance(_previous, state, stepSize, _carriedNoise is null ? _noise : null);
        }
        else if (check)
        {
            w.CopyTo(_exactTo!.Position, 0);
            _exactTo.Evaluate(_exact!);
            acceptance = MetropolisAcceptance(_exactFrom!, _exactTo, stepSize, null);
        }

        if (_metropolisAdjusted && random.NextDouble() >= acceptance)
        {
            state.CopyFrom(_previous);
        }

        return new TransitionInfo(acceptance, stepSize, 0, 1, false, -state.Density.LogDensity);
    }

    // The move's standardized noise, N(0, G): a fresh draw, or with Leimkuhler and Matthews' scheme the mean of the draw
    // carried from the move before and a fresh one (the first move draws both). Either way one Gaussian vector per move.
    private void Noise(RandomStream random, double[] noise)
    {
        if (_carriedNoise is null)
        {
            Draw(random, noise);
            return;
        }

        if (_steps == 1)
        {
            Draw(random, _carriedNoise);
        }

        Draw(random, noise);
        for (var i = 0; i < noise.Length; i++)
        {
            (noise[i], _carriedNoise[i]) = (0.5 * (noise[i] + _carriedNoise[i]), noise[i]);
        }
    }

    private void Draw(RandomStream random, double[] noise)
    {
        if (_preconditioner is null)
        {
            random.FillGaussian(noise);
        }
        else
        {
            _preconditioner.Sample(random, noise);
        }
    }

    // One look at the exact force for the adapted preconditioner; G is updated in place whenever the adaptation moves it.
    private void Learn(ChainState state)
    {
        Force(state, _force);
        if (_adaptation!.Add(_force, warmup: _steps <= _adaptUntil))
        {
            _preconditioner!.SetDiagonal(_adaptation.Diagonal);
        }
    }

    // The drift G grad log pi(w) of the state's own (minibatch) density, without the prior when it is left out, with the
    // localization term.
    private void Drift(ChainState state, double[] drift)
    {
        Force(state, drift);
        _preconditioner?.Apply(drift);
    }

    // grad log pi(w) of the state's own density, without the prior when it is left out, with the localization term.
    private void Force(ChainState state, double[] drift)
    {
        var w = state.Position;
        state.Gradient.CopyTo(drift, 0);
        if (!_includePrior)
        {
            _prior.LogDensity(w, _priorGradient);
            System.Numerics.Tensors.TensorPrimitives.Subtract(drift, _priorGradient, drift);
        }

        if (_localization > 0)
        {
            for (var i = 0; i < w.Length; i++)
            {
                drift[i] -= _localization * (w[i] - _center![i]);
            }
        }
    }

    // The acceptance probability a Metropolis-adjusted Langevin step (MALA) would give the move between two states with
    // exact (full-batch) densities and gradients: 1 when SGLD's discretisation is exact, falling as its error grows
    // (Furman and Lau 2024 use it as a health check). `noise` is the move's own standardized noise when it was proposed
    // from `from`'s exact drift (the full batch); null when it was not (a minibatch move), and its residual against
    // MALA's proposal is taken instead, which charges the gradient noise too.
    private double MetropolisAcceptance(ChainState from, ChainState to, double stepSize, double[]? noise)
    {
        var forward = noise is null ? -ProposalEnergy(from, to, stepSize) : -0.5 * Quadratic(noise);
        var logRatio = Localized(to) - Localized(from) - ProposalEnergy(to, from, stepSize) - forward;
        return logRatio >= 0 ? 1 : Math.Exp(logRatio);
    }

    // |to - from - (eps/2) G grad log pi(from)|^2 in G^-1, over 2 eps: minus the log density of Langevin's proposal of
    // `to` from `from`, up to a constant.
    private double ProposalEnergy(ChainState from, ChainState to, double stepSize)
    {
        Drift(from, _reverseDrift);
        var (start, end) = (from.Position, to.Position);
        for (var i = 0; i < end.Length; i++)
        {
            _reverse[i] = end[i] - start[i] - (0.5 * stepSize * _reverseDrift[i]);
        }

        return Quadratic(_reverse) / (2 * stepSize);
    }

    private double Quadratic(ReadOnlySpan<double> v) =>
        _preconditioner?.InverseQuadratic(v) ?? System.Numerics.Tensors.TensorPrimitives.Dot(v, v);

    // log of the localized target at the state: log phi (unless left out) - beta n L_n - gamma |w - w0|^2 / 2.
    private double Localized(ChainState state)
    {
        var value = state.Density.LogDensity - (_includePrior ? 0 : state.Density.LogPrior);
        if (_localization > 0)
        {
            var w = state.Position;
            var squares = 0.0;
            for (var i = 0; i < w.Length; i++)
            {
                squares += (w[i] - _center![i]) * (w[i] - _center[i]);
            }

            value -= 0.5 * _localization * squares;
        }

        return value;
    }
}
