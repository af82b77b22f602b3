using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;
using BenchmarkDotNet.Attributes;

namespace BayesFreeEnergy.Benchmarks;

/// <summary>
/// Full-batch gradient of the tempered log posterior log phi(w) - n beta L_n(w): the cost every HMC/NUTS leapfrog
/// step pays, on one thread and split over two (<see cref="GaussianRegressionModel.Threads"/>). Issue targets:
/// 100,000/s, 15,000/s and 300/s for the first three cases on one thread; the wide case (d = 1,051,649) is the scale
/// issue's.
/// </summary>
[MemoryDiagnoser]
public class GradientBenchmarks
{
    private IModelEvaluator _evaluator = null!;
    private double[] _parameters = null!;
    private double[] _gradient = null!;

    [Params("1-5-5-1/200", "2-10-10-10-1/1000", "10-100-100-1/1000", "1-1024-1024-1/256")]
    public string Case { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parts = Case.Split('/');
        var architecture = Architecture.Parse(parts[0]);
        var teacher = TeacherFactory.CreateRandom(Architecture.Parse($"{architecture.InputWidth}-3-{architecture.OutputWidth}"), 1, kinksInside: true);
        var data = TeacherFactory.GenerateData(teacher, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 0.1, 1);
        var model = new GaussianRegressionModel(architecture, data, 0.1, new GaussianPrior(1), Threads);
        _evaluator = model.CreateEvaluator();
        _parameters = new double[model.Dimension];
        model.Prior.Sample(new RandomStream(2), _parameters);
        _gradient = new double[model.Dimension];
    }

    [Benchmark]
    public double Gradient() => _evaluator.Evaluate(_parameters, 1.0, _gradient).LogDensity;
}
