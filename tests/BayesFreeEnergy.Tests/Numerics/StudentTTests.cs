using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Tests.Numerics;

public sealed class StudentTTests
{
    [Theory]
    [InlineData(0.3, 1)]
    [InlineData(2.0, 1)]
    [InlineData(0.7, 2)]
    [InlineData(5.0, 2)]
    public void LowDegreesMatchTheirClosedForms(double t, int nu)
    {
        // nu = 1 (Cauchy): (2/pi) atan t; nu = 2: t / sqrt(2 + t^2).
        var expected = nu == 1 ? 2 / Math.PI * Math.Atan(t) : t / Math.Sqrt(2 + (t * t));
        Assert.Equal(expected, StudentT.TwoSidedProbability(t, nu), 14);
    }

    [Theory]
    [InlineData(3, 3.182446305284263)]
    [InlineData(5, 2.570581835636314)]
    [InlineData(10, 2.228138851986274)]
    [InlineData(30, 2.042272456301238)]
    public void QuantilesMatchTables(int nu, double quantile)
    {
        // R: qt(0.975, nu), the two-sided 95% points.
        Assert.Equal(quantile, StudentT.TwoSidedQuantile(0.95, nu), 9);
    }

    [Fact]
    public void SeedMeanMarginApproachesTheGaussianThree()
    {
        // Two degrees of freedom in closed form: c sqrt(2 / (1 - c^2)) = 19.2067 at c = P(|Z| <= 3); many data sets: 3.
        Assert.Equal(19.2067, LearningCoefficientChecks.SeedMeanStandardErrors(3), 4);
        Assert.InRange(LearningCoefficientChecks.SeedMeanStandardErrors(1000), 3, 3.01);
        Assert.NotEmpty(LearningCoefficientChecks.EnoughDataSets(2));
        Assert.Empty(LearningCoefficientChecks.EnoughDataSets(3));
    }
}
