using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling.Core;
using BayesFreeEnergy.Sampling.Kernels;
using BenchmarkDotNet.Attributes;

namespace BayesFreeEnergy.Benchmarks;

/// <summary>
/// One localized SGLD transition of the LLC at scale (issue 11) on the deep linear network 500-500-500-500-500
/// (d = 10^6, n = 1000), beside its parts: the minibatch gradient and the d standard normal draws of the move's noise (by block, as SGLD draws
/// them, and one at a time).
/// </summary>
[MemoryDiagnoser]
public class SgldStepBenchmarks
{
    private GaussianRegressionModel _model = null!;
    private IMinibatchEvaluator _evaluator = null!;
    private SgldKernel _kernel = null!;
    private ChainState _state = null!;
    private RandomStream _random = null!;
    private double[] _noise = null!;

    [Params(32, 100)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var architecture = new Architecture([500, 500, 500, 500, 500], Activation.Identity, hasBiases: false);
        var teacher = TeacherFactory.CreateLowRankLinear(architecture.Widths, 5, seed: 1, orthogonal: true);
        _model = new GaussianRegressionModel(architecture, TeacherFactory.GenerateData(teacher, 1000, 0, 1), 0.1, new GaussianPrior(1));
        var center = teacher.Parameters.ToArray();
        _evaluator = _model.CreateMinibatchEvaluator(BatchSize);
        _evaluator.SelectBatch([.. Enumerable.Range(0, BatchSize)]);
        _kernel = new SgldKernel(_model, 1 / Math.Log(1000), BatchSize, 1, center, includePrior: false, adaptTransitions: 1000, leimkuhlerMatthews: true);
        _state = new ChainState(_model.Dimension);
        center.CopyTo(_state.Position, 0);
        _state.Density = _evaluator.Evaluate(_state.Position, 1 / Math.Log(1000), _state.Gradient);
        _random = new RandomStream(1);
        _noise = new double[_model.Dimension];
    }

    [Benchmark(Description = "SGLD transition")]
    public double Transition() => _kernel.Step(_random, _state, 0.04, default).Energy;

    [Benchmark(Description = "minibatch gradient")]
    public double MinibatchGradient() => _evaluator.Evaluate(_state.Position, 1 / Math.Log(1000), _state.Gradient).LogDensity;

    [Benchmark(Description = "d normal draws, as a block")]
    public double BlockNormalDraws()
    {
        _random.FillGaussian(_noise);
        return _noise[0];
    }

    [Benchmark(Description = "d uniform 64-bit draws")]
    public ulong UniformDraws()
    {
        var sum = 0UL;
        for (var i = 0; i < _noise.Length; i++)
        {
            sum += _random.NextUInt64();
        }

        return sum;
    }

    [Benchmark(Description = "d normal draws, one at a time")]
    public double NormalDraws()
    {
        for (var i = 0; i < _noise.Length; i++)
        {
            _noise[i] = _random.NextGaussian();
        }

        return _noise[0];
    }
}
