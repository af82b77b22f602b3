using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Tests.Estimation;

public sealed class LambdaAnalysisTests
{
    private static readonly GaussianRegressionModel Model = new(Architecture.Parse("1-2-1"),
        TeacherFactory.GenerateData(TeacherFactory.CreateRandom(Architecture.Parse("1-2-1"), 1, kinksInside: true), 60, 0.2, 1), 0.2, new GaussianPrior(1));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 1.5)]
    [InlineData(1, 100)]
    public void TemperaturesMustBeTwoDifferentOnesInTheUnitInterval(double c1, double c2) =>
        Assert.Contains("two different temperatures", Assert.Throws<InvalidInputException>(() =>
            LambdaAnalysis.Run(Model, new SamplerSettings(), new LambdaOptions(c1, c2))).Message, StringComparison.Ordinal);

    [Fact]
    public void SomeEstimatorMustBeAskedFor() =>
        Assert.Throws<InvalidInputException>(() => LambdaAnalysis.Run(Model, new SamplerSettings(), new LambdaOptions(Tempered: false, Local: false)));

    [Fact]
    public void TheTemperedRunsAskTheSamplerForBeta1Beta2AndOne()
    {
        var asked = new List<double>();
        var result = LambdaAnalysis.Run(Model, new SamplerSettings { Chains = 1, Warmup = 30, Draws = 30 }, new LambdaOptions(Local: false), sample: s =>
        {
            asked.Add(s.Beta);
            return SamplingService.Run(Model, s);
        });
        var beta = 1 / Math.Log(60);
        Assert.Equal([beta, 1.5 * beta, 1], asked);
        Assert.Equal(3, result.Tempered!.HeatCapacity.Count);
        Assert.Null(result.Llc);
    }
}
