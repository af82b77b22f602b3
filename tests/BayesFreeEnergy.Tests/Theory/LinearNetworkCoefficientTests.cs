using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Theory;

public class LinearNetworkCoefficientTests
{
    [Theory]
    [InlineData(3, 3, 3, 1, 4.0)]
    [InlineData(1, 1, 1, 1, 0.5)]
    public void ReducedRankRegressionMatchesTheoryExamples(int m, int h, int n, int r, double expected) =>
        Assert.Equal(expected, ReducedRankRegression.LearningCoefficient(m, h, n, r).Lambda);

    [Theory]
    [InlineData(new[] { 10, 10, 10, 10 }, 0, 33.5)]
    [InlineData(new[] { 5, 10, 10, 5 }, 2, 12.5)]
    public void DeepLinearMatchesTheoryExamples(int[] widths, int rank, double expected) =>
        Assert.Equal(expected, DeepLinearNetwork.LearningCoefficient(widths, rank), 12);

    [Fact]
    public void DeepLinearEqualsReducedRankForEveryTwoLayerCase()
    {
        var checkedCases = 0;
        for (var m = 1; m <= 7; m++)
        {
            for (var h = 1; h <= 7; h++)
            {
                for (var n = 1; n <= 7; n++)
                {
                    for (var r = 0; r <= Math.Min(m, Math.Min(h, n)); r++)
                    {
                        var reduced = ReducedRankRegression.LearningCoefficient(m, h, n, r).Lambda;
                        var deep = DeepLinearNetwork.LearningCoefficient([m, h, n], r);
                        Assert.True(Math.Abs(reduced - deep) < 1e-12, $"M={m} H={h} N={n} r={r}: reduced rank {reduced}, deep linear {deep}");
                        checkedCases++;
                    }
                }
            }
        }

        Assert.Equal(1127, checkedCases); // sum over M, H, N of (min(M, H, N) + 1) ranks
    }

    [Fact]
    public void LearningCoefficientNeverExceedsHalfTheParameterCount()
    {
        for (var h = 1; h <= 6; h++)
        {
            for (var r = 0; r <= Math.Min(4, h); r++)
            {
                int[] widths = [4, h, 5, 4];
                var d = (4 * h) + (h * 5) + (5 * 4);
                var lambda = DeepLinearNetwork.LearningCoefficient(widths, r);
                Assert.InRange(lambda, 0, d / 2.0);
            }
        }
    }

    [Fact]
    public void RankBeyondNarrowestWidthIsRefused()
    {
        Assert.Throws<InvalidInputException>(() => DeepLinearNetwork.LearningCoefficient([5, 2, 5], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReducedRankRegression.LearningCoefficient(5, 2, 5, 3));
    }
}
