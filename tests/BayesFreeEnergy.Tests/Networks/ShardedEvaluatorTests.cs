using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Tests.Networks;

public sealed class ShardedEvaluatorTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void ThreadsSplitTheSameSumsAndRepeatBitForBit(int threads)
    {
        var architecture = Architecture.Parse("2-6-4-2");
        var data = GradientTests.RandomData(architecture, 101, seed: 5);
        var one = new GaussianRegressionModel(architecture, data, 0.3, new GaussianPrior(1)).CreateEvaluator();
        var many = new GaussianRegressionModel(architecture, data, 0.3, new GaussianPrior(1), threads).CreateEvaluator();
        var w = GradientTests.PointAwayFromKinks(architecture, data, seed: 2);
        var (g1, g2, g3) = (new double[w.Length], new double[w.Length], new double[w.Length]);
        var a = one.Evaluate(w, 0.7, g1);
        var b = many.Evaluate(w, 0.7, g2);
        var again = many.Evaluate(w, 0.7, g3);

        // The same sums in another order: equal to rounding (1e-12 relative); the same thread count repeats exactly.
        Assert.Equal(a.NegLogLikelihood, b.NegLogLikelihood, 1e-12 * Math.Abs(a.NegLogLikelihood));
        Assert.Equal(a.LogDensity, b.LogDensity, 1e-12 * Math.Abs(a.LogDensity));
        var scale = g1.Max(Math.Abs);
        Assert.All(g1.Zip(g2), p => Assert.Equal(p.First, p.Second, 1e-12 * scale));
        Assert.Equal(b, again);
        Assert.Equal(g2, g3);
        Assert.Equal(one.NegLogLikelihood(w), many.NegLogLikelihood(w), 1e-12 * Math.Abs(a.NegLogLikelihood));

        var (p1, p2) = (new double[data.Count], new double[data.Count]);
        one.PointwiseLogLikelihood(w, p1);
        many.PointwiseLogLikelihood(w, p2);
        Assert.Equal(p1, p2); // each point's term is computed alone: exactly equal
    }

    [Fact]
    public void MinibatchesAreSplitToo()
    {
        var architecture = Architecture.Parse("1-5-5-1");
        var data = GradientTests.RandomData(architecture, 80, seed: 9);
        var one = new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1)).CreateMinibatchEvaluator(25);
        var many = new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1), threads: 4).CreateMinibatchEvaluator(25);
        int[] batch = [.. Enumerable.Range(0, 25).Select(i => (i * 31) % 80)];
        one.SelectBatch(batch);
        many.SelectBatch(batch);
        var w = GradientTests.PointAwayFromKinks(architecture, data, seed: 4);
        var (g1, g2) = (new double[w.Length], new double[w.Length]);
        var a = one.Evaluate(w, 1, g1);
        var b = many.Evaluate(w, 1, g2);
        Assert.Equal(a.NegLogLikelihood, b.NegLogLikelihood, 1e-12 * Math.Abs(a.NegLogLikelihood));
        var scale = g1.Max(Math.Abs);
        Assert.All(g1.Zip(g2), p => Assert.Equal(p.First, p.Second, 1e-12 * scale));
    }

    [Fact]
    public void MoreThreadsThanPointsIsFine()
    {
        var architecture = Architecture.Parse("1-3-1");
        var data = GradientTests.RandomData(architecture, 2, seed: 1);
        var evaluator = new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1), threads: 8).CreateEvaluator();
        var w = new double[architecture.ParameterCount];
        Assert.True(double.IsFinite(evaluator.Evaluate(w, 1, new double[w.Length]).LogDensity));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1), threads: 0));
    }
}
