using System.Runtime.InteropServices;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;
using BenchmarkDotNet.Attributes;

namespace BayesFreeEnergy.Benchmarks;

/// <summary>
/// One wide layer's product W X (1024 x 1024 weights, 256 data points: 537 MFLOP) by our kernels (the forward pass of a
/// 1024-1024 linear model, its data split over 1 or 2 threads) beside OpenBLAS's DGEMM on as many threads, in the same
/// process. Needs libopenblas.so.0 (Debian: libopenblas0-pthread); without it the DGEMM rows fail and ours still run.
/// </summary>
public unsafe class MatrixProductBenchmarks
{
    private const int Width = 1024;
    private const int Points = 256;

    private IModelEvaluator _evaluator = null!;
    private double[] _weights = null!;
    private double[] _a = null!;
    private double[] _b = null!;
    private double[] _c = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var architecture = new Networks.Architecture([Width, Width], Activation.Identity, hasBiases: false);
        var random = new RandomStream(3);
        var inputs = new double[Points * Width];
        var targets = new double[Points * Width];
        for (var i = 0; i < inputs.Length; i++)
        {
            (inputs[i], targets[i]) = ((2 * random.NextDouble()) - 1, random.NextGaussian());
        }

        var model = new GaussianRegressionModel(architecture, new Dataset(inputs, Width, targets, Width), 1, new GaussianPrior(1), Threads);
        _evaluator = model.CreateEvaluator();
        _weights = new double[model.Dimension];
        model.Prior.Sample(random, _weights);
        (_a, _b, _c) = (_weights, inputs, new double[Width * Points]);
    }

    [Benchmark(Description = "ours: W X + residuals")]
    public double Ours() => _evaluator.NegLogLikelihood(_weights);

    [Benchmark(Description = "OpenBLAS DGEMM")]
    public double OpenBlas()
    {
        OpenBlasSetNumThreads(Threads);
        fixed (double* a = _a, b = _b, c = _c)
        {
            // C (1024 x 256) = A (1024 x 1024) B^T, B stored as 256 rows of 1024 inputs: row-major, B transposed.
            Dgemm(101, 111, 112, Width, Points, Width, 1, a, Width, b, Width, 0, c, Points);
        }

        return _c[0];
    }

    [DllImport("libopenblas.so.0", EntryPoint = "cblas_dgemm")]
    private static extern void Dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, double* a, int lda, double* b, int ldb,
        double beta, double* c, int ldc);

    [DllImport("libopenblas.so.0", EntryPoint = "openblas_set_num_threads")]
    private static extern void OpenBlasSetNumThreads(int threads);
}
