using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Tests.Networks;

public class GradientTests
{
    public static TheoryData<string, Activation, bool> Networks()
    {
        var cases = new TheoryData<string, Activation, bool>();
        string[] architectures = ["3-2", "2-4-3", "1-5-5-1", "3-4-3-4-2", "2-3-4-3-2-3"]; // depth 1 to 5
        foreach (var architecture in architectures)
        {
            foreach (var activation in new[] { Activation.Relu, Activation.Identity })
            {
                cases.Add(architecture, activation, true);
                cases.Add(architecture, activation, false);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void GradientMatchesCentralFiniteDifferences(string text, Activation activation, bool biases)
    {
        var architecture = Architecture.Parse(text, activation, biases);
        const int count = 37; // not a multiple of the SIMD chunk, so padding is exercised
        var data = RandomData(architecture, count, seed: 3);
        var model = new GaussianRegressionModel(architecture, data, noise: 0.7, new GaussianPrior(1.3));
        var evaluator = model.CreateEvaluator();
        var w = PointAwayFromKinks(architecture, data, seed: 11);
        const double beta = 0.6;
        var gradient = new double[w.Length];
        evaluator.Evaluate(w, beta, gradient);

        const double h = 1e-5;
        var scale = gradient.Max(Math.Abs);
        var gDummy = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            var plus = (double[])w.Clone();
            var minus = (double[])w.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (evaluator.Evaluate(plus, beta, gDummy).LogDensity - evaluator.Evaluate(minus, beta, gDummy).LogDensity) / (2 * h);
            Assert.True(Math.Abs(fd - gradient[i]) <= 1e-6 * scale,
                $"{text} {activation} biases={biases}: parameter {i}: backprop {gradient[i]}, finite difference {fd} (scale {scale})");
        }
    }

    [Fact]
    public void DensityMatchesScalarReferenceAndPointwiseLikelihood()
    {
        var architecture = Architecture.Parse("2-6-4-2");
        var data = RandomData(architecture, 53, seed: 5);
        const double noise = 0.3;
        var prior = new GaussianPrior(2);
        var model = new GaussianRegressionModel(architecture, data, noise, prior);
        var evaluator = model.CreateEvaluator();
        var w = PointAwayFromKinks(architecture, data, seed: 2);
        var network = new Network(architecture, w);

        var expectedNll = 0.0;
        var output = new double[2];
        for (var s = 0; s < data.Count; s++)
        {
            network.Evaluate(data.Input(s), output);
            for (var o = 0; o < 2; o++)
            {
                var r = data.Target(s)[o] - output[o];
                expectedNll += (r * r / (2 * noise * noise)) + (0.5 * Math.Log(2 * Math.PI * noise * noise));
            }
        }

        var expectedPrior = w.Sum(x => (-0.5 * Math.Log(2 * Math.PI * 4)) - (x * x / 8));
        var gradient = new double[w.Length];
        var density = evaluator.Evaluate(w, 0.25, gradient);
        Assert.Equal(expectedNll, density.NegLogLikelihood, 1e-9 * expectedNll);
        Assert.Equal(expectedPrior, density.LogPrior, 1e-10);
        Assert.Equal(expectedPrior - (0.25 * expectedNll), density.LogDensity, 1e-9 * expectedNll);
        Assert.Equal(expectedNll, evaluator.NegLogLikelihood(w), 1e-9 * expectedNll);

        var pointwise = new double[data.Count];
        evaluator.PointwiseLogLikelihood(w, pointwise);
        Assert.Equal(-expectedNll, pointwise.Sum(), 1e-9 * expectedNll);
    }

    [Theory]
    [InlineData("1-5-5-1")]
    [InlineData("3-4-3-4-2")]
    [InlineData("2-70-3")] // wider than the AVX-512 chunks' cache budget, so the default there is 256 bits
    public void EveryVectorWidthMatchesTheScalarNetwork(string text)
    {
        // Only the default width runs on a given machine; the others are what machines without AVX-512 (or AVX2) run.
        var architecture = Architecture.Parse(text);
        var data = RandomData(architecture, 37, seed: 6);
        var w = new double[architecture.ParameterCount];
        new GaussianPrior(1).Sample(new RandomStream(8), w);
        var reference = new Network(architecture, w);
        var outputs = new double[architecture.OutputWidth];
        var gradients = new List<double[]>();
        foreach (var lanes in new[] { 2, 4, 8 })
        {
            var network = new BatchNetwork(architecture, data.Inputs, data.Count, lanes);
            network.Forward(w);
            for (var s = 0; s < data.Count; s++)
            {
                reference.Evaluate(data.Input(s), outputs);
                for (var o = 0; o < outputs.Length; o++)
                {
                    Assert.Equal(outputs[o], network.Outputs[(o * network.Stride) + s], 1e-12 * (1 + Math.Abs(outputs[o])));
                    network.OutputGradient[(o * network.Stride) + s] = outputs[o] - data.Target(s)[o];
                }
            }

            var gradient = new double[w.Length];
            network.Backward(w, gradient);
            gradients.Add(gradient);
        }

        var scale = gradients[0].Max(Math.Abs);
        for (var i = 0; i < w.Length; i++)
        {
            Assert.Equal(gradients[0][i], gradients[1][i], 1e-12 * scale);
            Assert.Equal(gradients[0][i], gradients[2][i], 1e-12 * scale);
        }
    }

    [Fact]
    public void BetaZeroGivesThePriorGradient()
    {
        var architecture = Architecture.Parse("1-4-1");
        var data = RandomData(architecture, 20, seed: 1);
        var evaluator = new GaussianRegressionModel(architecture, data, 0.1, new GaussianPrior(0.5)).CreateEvaluator();
        var w = PointAwayFromKinks(architecture, data, seed: 4);
        var gradient = new double[w.Length];
        var density = evaluator.Evaluate(w, 0, gradient);
        Assert.Equal(density.LogPrior, density.LogDensity);
        for (var i = 0; i < w.Length; i++)
        {
            Assert.Equal(-w[i] / 0.25, gradient[i], 12);
        }
    }

    [Fact]
    public void BoxPriorIsMinusInfinityOutsideWithZeroGradient()
    {
        var architecture = Architecture.Parse("1-2-1");
        var data = RandomData(architecture, 10, seed: 1);
        var evaluator = new GaussianRegressionModel(architecture, data, 0.1, new UniformBoxPrior(1)).CreateEvaluator();
        var gradient = new double[architecture.ParameterCount];
        var inside = new double[architecture.ParameterCount];
        inside[0] = 0.5;
        var density = evaluator.Evaluate(inside, 1, gradient);
        Assert.Equal(-architecture.ParameterCount * Math.Log(2), density.LogPrior, 12);
        Assert.True(double.IsFinite(density.LogDensity));

        var outside = (double[])inside.Clone();
        outside[3] = 1.5;
        density = evaluator.Evaluate(outside, 1, gradient);
        Assert.Equal(double.NegativeInfinity, density.LogDensity);
        Assert.All(gradient, g => Assert.Equal(0, g));
    }

    [Fact]
    public void EvaluatorsAreIndependentAcrossThreads()
    {
        var architecture = Architecture.Parse("2-8-8-1");
        var data = RandomData(architecture, 100, seed: 9);
        var model = new GaussianRegressionModel(architecture, data, 0.2, new GaussianPrior(1));
        var points = Enumerable.Range(0, 8).Select(k => PointAwayFromKinks(architecture, data, seed: 100 + k)).ToArray();
        var serial = points.Select(w => model.CreateEvaluator().Evaluate(w, 1, new double[w.Length]).LogDensity).ToArray();
        var parallel = new double[points.Length];
        Parallel.For(0, points.Length, k =>
        {
            var evaluator = model.CreateEvaluator();
            for (var repeat = 0; repeat < 50; repeat++)
            {
                parallel[k] = evaluator.Evaluate(points[k], 1, new double[points[k].Length]).LogDensity;
            }
        });
        Assert.Equal(serial, parallel);
    }

    internal static Dataset RandomData(Architecture architecture, int count, long seed)
    {
        var random = new RandomStream(seed);
        var inputs = new double[count * architecture.InputWidth];
        var targets = new double[count * architecture.OutputWidth];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (2 * random.NextDouble()) - 1;
        }

        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = random.NextGaussian();
        }

        return new Dataset(inputs, architecture.InputWidth, targets, architecture.OutputWidth);
    }

    // A random point whose every hidden pre-activation on the data is at least 1e-2 from a kink, so the
    // finite differences (step 1e-5) never cross one.
    internal static double[] PointAwayFromKinks(Architecture architecture, Dataset data, long seed)
    {
        var random = new RandomStream(seed);
        var w = new double[architecture.ParameterCount];
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            for (var i = 0; i < w.Length; i++)
            {
                w[i] = random.NextGaussian();
            }

            if (MinimumHiddenPreActivation(new Network(architecture, w), data) > 1e-2)
            {
                return w;
            }
        }

        throw new InvalidOperationException("no point away from the kinks found");
    }

    private static double MinimumHiddenPreActivation(Network network, Dataset data)
    {
        var architecture = network.Architecture;
        var minimum = double.PositiveInfinity;
        for (var s = 0; s < data.Count; s++)
        {
            var o = data.Input(s).ToArray();
            for (var k = 1; k < architecture.LayerCount; k++)
            {
                var z = network.PreActivations(k, o);
                minimum = Math.Min(minimum, z.Min(Math.Abs));
                o = architecture.Activation == Activation.Relu ? [.. z.Select(v => Math.Max(0, v))] : z;
            }
        }

        return minimum;
    }
}
