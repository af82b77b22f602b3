using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Estimation;

public class SampleSizeEstimatorsTests
{
    [Fact]
    public void SlopeOfTheExactFreeEnergyOfARegularModelIsHalfTheDimension()
    {
        // Bayesian linear regression 2-1 (d = 3): F_n - n S_n = (d/2) log n + O_p(1), so the slope over a wide range of n
        // is d/2 = 1.5 within its standard error. F_n is exact here; S_n is computed from the known teacher.
        var architecture = Architecture.Parse("2-1");
        var teacher = new Network(architecture, [0.8, -0.4, 0.3]);
        int[] sizes = [100, 300, 1000, 3000, 10000, 30000, 100000];
        var values = new List<Estimate>();
        foreach (var n in sizes)
        {
            var data = TeacherFactory.GenerateData(teacher, n, 0.5, n);
            var freeEnergy = -new LinearRegressionPosterior(architecture, data, 0.5, 1).LogNormalizer;
            var nsn = 0.0;
            var f = new double[1];
            for (var i = 0; i < n; i++)
            {
                teacher.Evaluate(data.Input(i), f);
                var r = (data.Target(i)[0] - f[0]) / 0.5;
                nsn += (0.5 * r * r) + (0.5 * Math.Log(2 * Math.PI * 0.25));
            }

            values.Add(new Estimate(freeEnergy - nsn, 0));
        }

        var slope = SampleSizeEstimators.Slope(sizes, values);
        Assert.True(Math.Abs(slope.Value - 1.5) <= 3 * slope.StandardError, $"slope {slope.Value:F3} +- {slope.StandardError:F3}, d/2 = 1.5");
        Assert.InRange(slope.StandardError, 0.01, 0.5);
    }

    [Fact]
    public void ScaledGeneralizationErrorAverages()
    {
        var mean = SampleSizeEstimators.MeanScaledGeneralizationError(100, [0.01, 0.02, 0.03]);
        Assert.Equal(2, mean.Value, 12);
        Assert.Equal(1 / Math.Sqrt(3), mean.StandardError, 12);
        Assert.Throws<ArgumentException>(() => SampleSizeEstimators.Slope([10, 10], [new Estimate(1, 1), new Estimate(2, 1)]));
    }
}
