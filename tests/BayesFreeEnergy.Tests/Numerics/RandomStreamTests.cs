using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Tests.Numerics;

public sealed class RandomStreamTests
{
    [Fact]
    public void BlockNormalDrawsHaveTheNormalLaw()
    {
        // 2 x 10^6 ziggurat draws against N(0, 1): moments within 4 standard errors, the count beyond each of the cut
        // points (the tail start r = 3.654, the wedges near 1 and the top layer) within 4 binomial standard errors, and a
        // Kolmogorov-Smirnov distance below its 0.1% critical value 1.95 / sqrt(N).
        const int n = 2_000_000;
        var draws = new double[n];
        new RandomStream(7).FillGaussian(draws);
        Assert.All(draws, x => Assert.True(double.IsFinite(x)));
        var mean = draws.Average();
        var variance = draws.Average(x => x * x);
        var fourth = draws.Average(x => x * x * x * x);
        Assert.True(Math.Abs(mean) < 4 / Math.Sqrt(n), $"mean {mean}");
        Assert.True(Math.Abs(variance - 1) < 4 * Math.Sqrt(2.0 / n), $"variance {variance}");
        Assert.True(Math.Abs(fourth - 3) < 4 * Math.Sqrt(96.0 / n), $"fourth moment {fourth}");
        foreach (var cut in new[] { 0.1, 0.2152, 1.0, 2.0, 3.0, 3.6541528853610088, 4.5 })
        {
            var p = 2 * (1 - NormalCdf(cut));
            var count = draws.Count(x => Math.Abs(x) > cut);
            Assert.True(Math.Abs(count - (n * p)) < 4 * Math.Sqrt(n * p * (1 - p)), $"beyond {cut}: {count}, expected {n * p:F1}");
        }

        Array.Sort(draws);
        var distance = Enumerable.Range(0, n).Max(i => Math.Max(Math.Abs(((i + 1.0) / n) - NormalCdf(draws[i])), Math.Abs((1.0 * i / n) - NormalCdf(draws[i]))));
        Assert.True(distance < 1.95 / Math.Sqrt(n), $"Kolmogorov-Smirnov distance {distance}");
    }

    [Fact]
    public void BlockNormalDrawsRepeatForASeed()
    {
        var (a, b) = (new double[1001], new double[1001]);
        new RandomStream(3, 2).FillGaussian(a);
        new RandomStream(3, 2).FillGaussian(b);
        Assert.Equal(a, b);
        Assert.NotEqual(a[..500], a[501..]);
    }

    // Phi(x) = erfc(-x / sqrt 2) / 2.
    private static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    // erfc with relative error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit), by Horner's rule.
    private static double Erfc(double x)
    {
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var polynomial = 0.0;
        for (var k = c.Length - 1; k >= 0; k--)
        {
            polynomial = c[k] + (t * polynomial);
        }

        var r = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? r : 2 - r;
    }
}
