using System.Numerics.Tensors;
using System.Numerics;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling.Core;
using BayesFreeEnergy.Sampling.Hamiltonian;

namespace BayesFreeEnergy.Sampling.Kernels;

/// <summary>
/// The No-U-Turn sampler as Stan implements it (Hoffman and Gelman 2014; Betancourt 2017): the trajectory
/// doubles in a random direction until the generalized no-U-turn criterion fails (checked across the whole
/// tree and across the two merged subtrees) or the maximum depth is reached; the draw is taken by
/// multinomial sampling, biased toward the newest subtree at the top level; an energy error above
/// <see cref="MaxEnergyError"/> (or a non-finite density) ends the trajectory as a divergence.
/// </summary>
public sealed class NutsKernel : IMcmcKernel
{
    /// <summary>Energy error that marks a divergence (Stan's max_deltaH).</summary>
    public const double MaxEnergyError = 1000;

    private readonly TemperedTarget _target;
    private readonly int _maxDepth;
    private readonly int _dimension;

    // Trajectory ends and bookkeeping (names follow Stan: fwd/bck ends, p_sharp = M^-1 p, rho = momentum sum).
    private readonly PhasePoint _z, _zForward, _zBackward, _zSample, _zPropose;
    private readonly double[] _pFwdFwd, _pSharpFwdFwd, _pFwdBck, _pSharpFwdBck, _pBckFwd, _pSharpBckFwd, _pBckBck, _pSharpBckBck;
    private readonly double[] _rho, _rhoForward, _rhoBackward, _scratch;
    private readonly TreeLevel[] _levels;

    // Per-transition values the recursion updates.
    private RandomStream _random = null!;
    private double[] _inverseMetric = null!;
    private double _stepSize;
    private double _h0;
    private int _leapfrogs;
    private double _sumAcceptProbability;
    private bool _divergent;

    /// <summary>Creates a kernel with its workspace for one chain.</summary>
    /// <param name="target">The chain's target density.</param>
    /// <param name="maxDepth">Maximum tree depth (Stan's default 10), Range: 1..30.</param>
    public NutsKernel(TemperedTarget target, int maxDepth = 10)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, 30);
        _target = target;
        _maxDepth = maxDepth;
        var d = _dimension = target.Dimension;
        (_z, _zForward, _zBackward, _zSample, _zPropose) = (new(d), new(d), new(d), new(d), new(d));
        (_pFwdFwd, _pSharpFwdFwd, _pFwdBck, _pSharpFwdBck) = (new double[d], new double[d], new double[d], new double[d]);
        (_pBckFwd, _pSharpBckFwd, _pBckBck, _pSharpBckBck) = (new double[d], new double[d], new double[d], new double[d]);
        (_rho, _rhoForward, _rhoBackward, _scratch) = (new double[d], new double[d], new double[d], new double[d]);
        _levels = [.. Enumerable.Range(0, maxDepth + 1).Select(_ => new TreeLevel(d))];
    }

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
        _random = random;
        _inverseMetric ??= new double[_dimension];
        inverseMetric.CopyTo(_inverseMetric);
        _stepSize = stepSize;

        _z.State.CopyFrom(state);
        DiagonalMetric.SampleMomentum(random, inverseMetric, _z.Momentum);
        _zForward.CopyFrom(_z);
        _zBackward.CopyFrom(_z);
        _zSample.CopyFrom(_z);
        _zPropose.CopyFrom(_z);
        var p = _z.Momentum;
        p.CopyTo(_pFwdFwd, 0);
        p.CopyTo(_pFwdBck, 0);
        p.CopyTo(_pBckFwd, 0);
        p.CopyTo(_pBckBck, 0);
        DiagonalMetric.Velocity(p, inverseMetric, _pSharpFwdFwd);
        _pSharpFwdFwd.CopyTo(_pSharpFwdBck, 0);
        _pSharpFwdFwd.CopyTo(_pSharpBckFwd, 0);
        _pSharpFwdFwd.CopyTo(_pSharpBckBck, 0);
        p.CopyTo(_rho, 0);
        var logSumWeight = 0.0;
        _h0 = DiagonalMetric.Hamiltonian(_z, inverseMetric);
        _leapfrogs = 0;
        _sumAcceptProbability = 0;
        _divergent = false;
        var depth = 0;

        while (depth < _maxDepth)
        {
            Array.Clear(_rhoForward);
            Array.Clear(_rhoBackward);
            var logSumWeightSubtree = double.NegativeInfinity;
            bool valid;
            if (random.NextDouble() > 0.5)
            {
                _z.CopyFrom(_zForward);
                // The old trajectory becomes the backward half; its forward end is the old forward end.
                _rho.CopyTo(_rhoBackward, 0);
                _pFwdFwd.CopyTo(_pBckFwd, 0);
                _pSharpFwdFwd.CopyTo(_pSharpBckFwd, 0);
                valid = BuildTree(depth, _zPropose, _pSharpFwdBck, _pSharpFwdFwd, _rhoForward, _pFwdBck, _pFwdFwd, 1, ref logSumWeightSubtree);
                _zForward.CopyFrom(_z);
            }
            else
            {
                _z.CopyFrom(_zBackward);
                _rho.CopyTo(_rhoForward, 0);
                _pBckBck.CopyTo(_pFwdBck, 0);
                _pSharpBckBck.CopyTo(_pSharpFwdBck, 0);
                valid = BuildTree(depth, _zPropose, _pSharpBckFwd, _pSharpBckBck, _rhoBackward, _pBckFwd, _pBckBck, -1, ref logSumWeightSubtree);
                _zBackward.CopyFrom(_z);
            }

            if (!valid)
            {
                break;
            }

            depth++;
            if (logSumWeightSubtree > logSumWeight || random.NextDouble() < Math.Exp(logSumWeightSubtree - logSumWeight))
            {
                _zSample.CopyFrom(_zPropose);
            }

            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
            TensorPrimitives.Add(_rhoBackward, _rhoForward, _rho);

            // No-U-turn across the whole trajectory, then across the junction of the two merged halves.
            var persist = NoUTurn(_pSharpBckBck, _pSharpFwdFwd, _rho)
                && NoUTurn(_pSharpBckBck, _pSharpFwdBck, _rhoBackward, _pFwdBck)
                && NoUTurn(_pSharpBckFwd, _pSharpFwdFwd, _rhoForward, _pBckFwd);
            if (!persist)
            {
                break;
            }
        }

        _zSample.State.CopyTo(state);
        var energy = DiagonalMetric.Hamiltonian(_zSample, inverseMetric);
        return new TransitionInfo(_sumAcceptProbability / _leapfrogs, stepSize, depth, _leapfrogs, _divergent, energy);
    }

    // Extends the trajectory by 2^depth leapfrog steps in direction sign from _z; returns false when the new
    // subtree diverged or U-turned, in which case the caller discards it.
    private bool BuildTree(int depth, PhasePoint proposal, double[] pSharpBegin, double[] pSharpEnd, double[] rho,
        double[] pBegin, double[] pEnd, int sign, ref double logSumWeight)
    {
        if (depth == 0)
        {
            Leapfrog.Step(_z, sign * _stepSize, _inverseMetric, _target, _scratch);
            _leapfrogs++;
            var h = DiagonalMetric.Hamiltonian(_z, _inverseMetric);
            if (h - _h0 > MaxEnergyError)
            {
                _divergent = true;
            }

            logSumWeight = LogSumExp(logSumWeight, _h0 - h);
            _sumAcceptProbability += _h0 - h > 0 ? 1 : Math.Exp(_h0 - h);
            proposal.CopyFrom(_z);
            DiagonalMetric.Velocity(_z.Momentum, _inverseMetric, pSharpBegin);
            pSharpBegin.CopyTo(pSharpEnd, 0);
            TensorPrimitives.Add(rho, _z.Momentum, rho);
            _z.Momentum.CopyTo(pBegin, 0);
            _z.Momentum.CopyTo(pEnd, 0);
            return !_divergent;
        }

        var level = _levels[depth];
        Array.Clear(level.RhoInit);
        var logSumWeightInit = double.NegativeInfinity;
        if (!BuildTree(depth - 1, proposal, pSharpBegin, level.PSharpInitEnd, level.RhoInit, pBegin, level.PInitEnd, sign, ref logSumWeightInit))
        {
            return false;
        }

        // No need to seed the final half's proposal with _z (Stan does): its first leaf always overwrites it.
        Array.Clear(level.RhoFinal);
        var logSumWeightFinal = double.NegativeInfinity;
        if (!BuildTree(depth - 1, level.ProposalFinal, level.PSharpFinalBegin, pSharpEnd, level.RhoFinal, level.PFinalBegin, pEnd, sign, ref logSumWeightFinal))
        {
            return false;
        }

        // Multinomial choice between the two halves, weighted by their total probability mass.
        var logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree || _random.NextDouble() < Math.Exp(logSumWeightFinal - logSumWeightSubtree))
        {
            proposal.CopyFrom(level.ProposalFinal);
        }

        var persist = NoUTurn(pSharpBegin, level.PSharpFinalBegin, level.RhoInit, level.PFinalBegin)
            && NoUTurn(level.PSharpInitEnd, pSharpEnd, level.RhoFinal, level.PInitEnd);
        TensorPrimitives.Add(level.RhoInit, level.RhoFinal, level.RhoInit); // rho of the whole subtree
        TensorPrimitives.Add(rho, level.RhoInit, rho);
        return persist && NoUTurn(pSharpBegin, pSharpEnd, level.RhoInit);
    }

    // The generalized criterion: both end velocities still point along the summed momentum rho.
    private static bool NoUTurn(ReadOnlySpan<double> pSharpMinus, ReadOnlySpan<double> pSharpPlus, ReadOnlySpan<double> rho) =>
        NoUTurn(pSharpMinus, pSharpPlus, rho, default);

    // The same criterion for rho + extra (when given), without forming the sum; both dot products in one pass,
    // since this runs several times per tree node on vectors of only d values.
    private static bool NoUTurn(ReadOnlySpan<double> pSharpMinus, ReadOnlySpan<double> pSharpPlus, ReadOnlySpan<double> rho, ReadOnlySpan<double> extra)
    {
        var hasExtra = !extra.IsEmpty;
        Vector<double> plus = Vector<double>.Zero, minus = Vector<double>.Zero;
        var i = 0;
        for (; i <= rho.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            var r = new Vector<double>(rho[i..]);
            if (hasExtra)
            {
                r += new Vector<double>(extra[i..]);
            }

            plus += new Vector<double>(pSharpPlus[i..]) * r;
            minus += new Vector<double>(pSharpMinus[i..]) * r;
        }

        double plusSum = Vector.Sum(plus), minusSum = Vector.Sum(minus);
        for (; i < rho.Length; i++)
        {
            var r = hasExtra ? rho[i] + extra[i] : rho[i];
            plusSum += pSharpPlus[i] * r;
            minusSum += pSharpMinus[i] * r;
        }

        return plusSum > 0 && minusSum > 0;
    }

    private static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        // exp(0) = 1 exactly, so this equals max + log(exp(a - max) + exp(b - max)) with one exp fewer.
        var max = Math.Max(a, b);
        return max + Math.Log(1 + Math.Exp(Math.Min(a, b) - max));
    }

    // Buffers of one recursion level, reused by every subtree of that depth.
    private sealed class TreeLevel(int dimension)
    {
        public double[] PInitEnd { get; } = new double[dimension];

        public double[] PSharpInitEnd { get; } = new double[dimension];

        public double[] RhoInit { get; } = new double[dimension];

        public double[] PFinalBegin { get; } = new double[dimension];

        public double[] PSharpFinalBegin { get; } = new double[dimension];

        public double[] RhoFinal { get; } = new double[dimension];

        public PhasePoint ProposalFinal { get; } = new(dimension);
    }
}
