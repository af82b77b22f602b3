using System.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling.Adaptation;
using BayesFreeEnergy.Sampling.Core;
using BayesFreeEnergy.Sampling.Kernels;

namespace BayesFreeEnergy.Sampling;

/// <summary>
/// One chain: a kernel, its state, its warm-up adaptation and its recorder, advanced a number of iterations at
/// a time (so replica exchange can interleave swaps). The run loop, adaptation and output stay outside the kernel.
/// </summary>
internal sealed class Chain
{
    private readonly SamplerSettings _settings;
    private readonly IMcmcKernel _kernel;
    private readonly WarmupAdaptation _adaptation;
    private readonly double[] _inverseMetric;
    private readonly double[] _pointwise;
    private readonly Stopwatch _warmupClock = new();
    private readonly Stopwatch _samplingClock = new();
    private double _stepSize;
    private int _iteration;
    private long _warmupLeapfrogSteps;

    public Chain(int id, ITemperedModel model, double beta, SamplerSettings settings, RandomStream random)
    {
        Id = id;
        _settings = settings;
        Random = random;
        Target = new TemperedTarget(model.CreateEvaluator(), beta);
        var d = model.Dimension;
        State = new ChainState(d);
        Initialize(model, settings);
        _kernel = settings.Algorithm switch
        {
            SamplerAlgorithm.Nuts => new NutsKernel(Target, settings.MaxTreeDepth),
            SamplerAlgorithm.Hmc => new StaticHmcKernel(Target, settings.IntegrationTime, 1 << settings.MaxTreeDepth),
            SamplerAlgorithm.Rwm => new RandomWalkMetropolisKernel(Target),
            SamplerAlgorithm.Sgld => new SgldKernel(model, beta, settings.BatchSize == 0 ? model.DataCount : settings.BatchSize,
                settings.Localization, settings.Localization > 0 ? [.. settings.Center ?? State.Position] : null, settings.SgldIncludesPrior, settings.SgldPreconditioner,
                settings.SgldMetropolisAdjusted, settings.SgldAdaptPreconditioner ? Math.Max(1, settings.Warmup) : 0, settings.SgldLeimkuhlerMatthews),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Algorithm, "unknown sampler"),
        };
        _inverseMetric = [.. Enumerable.Repeat(1.0, d)];
        _adaptation = new WarmupAdaptation(new WindowSchedule(settings.Warmup), d, settings.EffectiveTargetAcceptance,
            _kernel.AdaptsStepSize, _kernel.AdaptsStepSize && settings.AdaptMetric);
        _stepSize = settings.StepSize;

        string[] columns =
        [
            .. ChainResult.SamplerColumns,
            .. Enumerable.Range(0, settings.SaveParameters ? d : 0).Select(ChainResult.ParameterColumn),
            ChainResult.NegLogLikelihoodColumn,
            .. settings.SaveLogLikelihood ? Enumerable.Range(0, model.DataCount).Select(ChainResult.LogLikelihoodColumn) : [],
        ];
        Draws = new DrawTable(columns, settings.Draws);
        _pointwise = settings.SaveLogLikelihood ? new double[model.DataCount] : [];
    }

    public int Id { get; }

    public RandomStream Random { get; }

    public TemperedTarget Target { get; }

    public ChainState State { get; }

    public DrawTable Draws { get; }

    public int TotalIterations => _settings.Warmup + _settings.Draws;

    public bool Finished => _iteration >= TotalIterations;

    /// <summary>Whether warm-up is over.</summary>
    public bool Sampling => _iteration >= _settings.Warmup;

    /// <summary>Runs up to <paramref name="iterations"/> more iterations (fewer at the end of the run).</summary>
    public void Advance(int iterations, Action? onIteration, CancellationToken cancellation)
    {
        for (var k = 0; k < iterations && !Finished; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            if (_iteration == 0 && _kernel.AdaptsStepSize && _settings.Warmup > 0)
            {
                _stepSize = _kernel.InitialStepSize(Random, State, _stepSize, _inverseMetric);
                _adaptation.StepSize.Restart(_stepSize);
            }

            var warmup = _iteration < _settings.Warmup;
            var clock = warmup ? _warmupClock : _samplingClock;
            clock.Start();
            var info = _kernel.Step(Random, State, _stepSize, _inverseMetric);
            if (warmup)
            {
                _warmupLeapfrogSteps += info.LeapfrogSteps;
                if (_adaptation.Learn(info.AcceptStat, State.Position, ref _stepSize, _inverseMetric))
                {
                    _stepSize = _kernel.InitialStepSize(Random, State, _stepSize, _inverseMetric);
                    _adaptation.StepSize.Restart(_stepSize);
                }

                if (_iteration == _settings.Warmup - 1)
                {
                    _stepSize = _adaptation.FinalStepSize(_stepSize);
                }
            }
            else
            {
                Record(_iteration - _settings.Warmup, info);
            }

            clock.Stop();
            _iteration++;
            onIteration?.Invoke();
        }
    }

    public ChainResult Result() =>
        new(Id, Target.Beta, Draws, _stepSize, _kernel is SgldKernel { PreconditionerDiagonal: { } g } ? [.. g] : [.. _inverseMetric], _warmupClock.Elapsed.TotalSeconds, _samplingClock.Elapsed.TotalSeconds,
            _warmupLeapfrogSteps);

    private void Record(int row, in TransitionInfo info)
    {
        var values = Draws.Row(row);
        values[0] = State.Density.LogDensity;
        values[1] = info.AcceptStat;
        values[2] = info.StepSize;
        values[3] = info.TreeDepth;
        values[4] = info.LeapfrogSteps;
        values[5] = info.Divergent ? 1 : 0;
        values[6] = info.Energy;
        var d = _settings.SaveParameters ? State.Position.Length : 0;
        State.Position.AsSpan(0, d).CopyTo(values.Slice(ChainResult.SamplerColumns.Count, d));
        values[ChainResult.SamplerColumns.Count + d] = State.Density.NegLogLikelihood;
        if (_pointwise.Length > 0)
        {
            Target.Evaluator.PointwiseLogLikelihood(State.Position, _pointwise);
            _pointwise.CopyTo(values[(ChainResult.SamplerColumns.Count + d + 1)..]);
        }
    }

    private void Initialize(ITemperedModel model, SamplerSettings settings)
    {
        if (settings.Initialization == InitializationMode.Point)
        {
            (settings.InitialPoints?[Id - 1] ?? settings.InitialPoint!).ToArray().CopyTo(State.Position, 0);
            State.Evaluate(Target);
            if (!double.IsFinite(State.Density.LogDensity))
            {
                throw new InvalidInputException("the log density at the initial point is not finite (outside the prior's support?)");
            }

            return;
        }

        // Like Stan, retry a few random starts before giving up on a density that is not finite.
        for (var attempt = 0; attempt < 100; attempt++)
        {
            model.Prior.Sample(Random, State.Position);
            if (settings.Initialization == InitializationMode.Optimize)
            {
                ModeFinder.Ascend(Target, State.Position, settings.OptimizationSteps);
            }

            State.Evaluate(Target);
            if (double.IsFinite(State.Density.LogDensity))
            {
                return;
            }
        }

        throw new InvalidInputException("no initial point with a finite log density in 100 prior draws: the data, noise and prior give a density that is not finite there; check the outputs' scale against --noise");
    }
}
