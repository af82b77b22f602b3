using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Theory;

public class ReluBoundTests
{
    [Fact]
    public void TeacherOneThreeOneInALargeModel()
    {
        var report = ReluLearningCoefficientBound.Evaluate(Architecture.Parse("1-3-1"), Architecture.Parse("1-10-10-1"));
        Assert.Equal(141, report.ModelParameters);
        Assert.Equal(70.5, report.RegularValue);
        Assert.Equal(5, report.TeacherCountValue);
        Assert.Equal(3.5, report.LambdaRelu);
        Assert.True(report.AllConditionsHold);
    }

    [Fact]
    public void BoundDoesNotDependOnTheModelsSize()
    {
        var teacher = Architecture.Parse("2-4-3-1");
        foreach (var model in new[] { "2-4-3-1", "2-8-8-1", "2-4-3-5-5-1", "2-20-20-20-20-1" })
        {
            Assert.Equal((teacher.ParameterCount - 7) / 2.0, ReluLearningCoefficientBound.Evaluate(teacher, Architecture.Parse(model)).LambdaRelu);
        }
    }

    [Theory]
    [InlineData("1-3-1", "1-2-1", "H_k >= H*_k for k < L*")]
    [InlineData("1-3-3-1", "1-5-1", "depth L >= L*")]
    [InlineData("2-3-1", "1-5-1", "same input and output widths")]
    [InlineData("1-3-2", "1-5-1-2", "H_k >= N for L* <= k < L")]
    [InlineData("2-1-2", "2-5-5-2", "extra depth: the teacher's last weight matrix has rank N")]
    public void RefusesWhenAConditionFailsAndNamesIt(string teacher, string model, string failing)
    {
        var report = ReluLearningCoefficientBound.Evaluate(Architecture.Parse(teacher), Architecture.Parse(model));
        Assert.Null(report.LambdaRelu);
        Assert.Contains(report.Conditions, c => c.Name == failing && !c.Holds);
    }

    [Fact]
    public void RefusesLinearAndBiasFreeModels()
    {
        var teacher = Architecture.Parse("1-3-1");
        Assert.Null(ReluLearningCoefficientBound.Evaluate(teacher, Architecture.Parse("1-5-1", Activation.Identity)).LambdaRelu);
        Assert.Null(ReluLearningCoefficientBound.Evaluate(teacher, Architecture.Parse("1-5-1", hasBiases: false)).LambdaRelu);
    }

    [Fact]
    public void ChecksGenericityOnKnownWeights()
    {
        var teacher = Architecture.Parse("1-2-1");
        // Unit 2 of the hidden layer has a zero incoming weight: it is a constant, not a ReLU unit.
        var degenerate = new Network(teacher, [1.0, 0.0, 0.1, 0.2, 1.0, 1.0, 0.0]);
        var report = ReluLearningCoefficientBound.Evaluate(teacher, Architecture.Parse("1-4-1"), degenerate);
        Assert.Null(report.LambdaRelu);
        Assert.Contains(report.Conditions, c => !c.Holds && c.Detail.Contains("layer 1 unit 2", StringComparison.Ordinal));

        // With extra depth the last weight matrix must have rank N = 2: [[1, 2], [2, 4]] has rank 1.
        var twoOut = Architecture.Parse("1-2-2");
        var rankOne = new Network(twoOut, [1.0, -1.0, 0.1, 0.2, 1.0, 2.0, 2.0, 4.0, 0.0, 0.0]);
        var deep = ReluLearningCoefficientBound.Evaluate(twoOut, Architecture.Parse("1-4-3-2"), rankOne);
        Assert.Contains(deep.Conditions, c => !c.Holds && c.Detail == "rank of W_L* = 1, N = 2");
    }
}
