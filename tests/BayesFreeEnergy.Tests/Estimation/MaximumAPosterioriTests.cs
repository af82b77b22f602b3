using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Tests.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Estimation;

public sealed class MaximumAPosterioriTests
{
    [Fact]
    public void FindsTheGaussianPosteriorMode()
    {
        // A Gaussian posterior's mode is its mean, known in closed form.
        var (model, data) = LinearRegressionPosteriorTests.Problem("2-1", n: 40);
        var exact = new LinearRegressionPosterior(model.Architecture, data, LinearRegressionPosteriorTests.Noise, LinearRegressionPosteriorTests.PriorSd);
        var (point, _) = MaximumAPosteriori.Fit(model, restarts: 3, steps: 4000, seed: 5, learningRate: 0.02);
        for (var i = 0; i < point.Length; i++)
        {
            Assert.Equal(exact.Mean[i], point[i], 4);
        }
    }

    [Fact]
    public void ThePlugInErrorOfTheTeacherItselfIsZeroAndOfAnotherPointPositive()
    {
        var teacher = TeacherFactory.CreateRandom(Architecture.Parse("1-3-1"), 2, kinksInside: true);
        var g = GeneralizationError.PlugIn(teacher.Parameters, teacher.Architecture, teacher, 0.1, 200, 9);
        Assert.Equal(0, g.Value);
        Assert.Equal(0, g.StandardError);

        // Shifting the output bias by c gives exactly KL = c^2 / (2 s^2) at every input, up to the test-noise average.
        var shifted = teacher.Parameters.ToArray();
        shifted[^1] += 0.05;
        var off = GeneralizationError.PlugIn(shifted, teacher.Architecture, teacher, 0.1, 4000, 9);
        Assert.InRange(0.125, off.Value - (4 * off.StandardError), off.Value + (4 * off.StandardError));
    }
}
