using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Estimation;

public sealed class MinibatchTrainingTests
{
    [Fact]
    public void MinibatchAdamReachesTheClosedFormMapOfLinearRegression()
    {
        // Linear regression with a Gaussian prior: the MAP is the posterior mean. Minibatch gradients are noisy, but with a
        // small final step Adam settles within a few hundredths of it (the posterior sd here is about 0.02-0.03).
        var architecture = Architecture.Parse("3-1", Activation.Identity);
        var teacher = TeacherFactory.CreateRandom(architecture, 2, kinksInside: false);
        var data = TeacherFactory.GenerateData(teacher, 600, 0.5, 3);
        var model = new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1));
        var exact = new LinearRegressionPosterior(architecture, data, 0.5, 1).Mean.ToArray();
        var epochs = new List<double>();
        var coarse = MinibatchTraining.Adam(model, new double[model.Dimension], 50, 60, 0.05, 1, (_, loss) => epochs.Add(loss));
        var fine = MinibatchTraining.Adam(model, coarse, 50, 20, 0.002, 2);
        Assert.Equal(60, epochs.Count);
        Assert.True(epochs[^1] < epochs[0], "n L_n falls over training");
        var sd = Enumerable.Range(0, model.Dimension).Select(i => Math.Sqrt(new LinearRegressionPosterior(architecture, data, 0.5, 1).Covariance[(i * model.Dimension) + i])).ToArray();
        Assert.All(Enumerable.Range(0, model.Dimension), i => Assert.InRange(Math.Abs(fine[i] - exact[i]), 0, 0.5 * sd[i]));
    }
}
