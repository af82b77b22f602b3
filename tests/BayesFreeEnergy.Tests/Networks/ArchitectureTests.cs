using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Tests.Networks;

public class ArchitectureTests
{
    [Fact]
    public void ParsesWidthsAndCountsParameters()
    {
        var a = Architecture.Parse("2-10-10-1");
        Assert.Equal([2, 10, 10, 1], a.Widths);
        Assert.Equal(3, a.LayerCount);
        Assert.Equal((10 * 3) + (10 * 11) + 11, a.ParameterCount);
        Assert.Equal(20, a.HiddenUnitCount);
        Assert.Equal("2-10-10-1", a.ToString());
        Assert.Equal((10 * 2) + (10 * 10) + 10, Architecture.Parse("2-10-10-1", hasBiases: false).ParameterCount);
    }

    [Fact]
    public void AnEmbeddedTeacherComputesTheSameFunctionWithSilentExtraUnits()
    {
        var teacher = BayesFreeEnergy.Data.TeacherFactory.CreateRandom(Architecture.Parse("2-4-3-2"), 1, kinksInside: true);
        var wide = Architecture.Parse("2-9-7-2");
        var embedded = teacher.EmbeddedIn(wide);
        Assert.Equal(wide, embedded.Architecture);
        var random = new BayesFreeEnergy.Numerics.RandomStream(4);
        var (a, b) = (new double[2], new double[2]);
        for (var t = 0; t < 100; t++)
        {
            double[] x = [3 * random.NextGaussian(), 3 * random.NextGaussian()];
            teacher.Evaluate(x, a);
            embedded.Evaluate(x, b);
            Assert.Equal(a[0], b[0], 12);
            Assert.Equal(a[1], b[1], 12);
        }

        // Extra units: no weights in, out or bias; the teacher's units keep theirs.
        Assert.Equal(0, embedded.Weight(1, 6, 1));
        Assert.Equal(0, embedded.Bias(2, 5));
        Assert.Equal(0, embedded.Weight(3, 1, 6));
        Assert.Equal(teacher.Weight(2, 2, 3), embedded.Weight(2, 2, 3));
        Assert.Throws<ArgumentException>(() => teacher.EmbeddedIn(Architecture.Parse("2-3-7-2")));
        Assert.Throws<ArgumentException>(() => teacher.EmbeddedIn(Architecture.Parse("2-9-7-7-2")));
    }

    [Fact]
    public void LayoutStoresEachLayersWeightsRowMajorThenItsBias()
    {
        var a = Architecture.Parse("2-3-1");
        Assert.Equal(new LayerShape(2, 3, 0, 6), a.Layer(1));
        Assert.Equal(new LayerShape(3, 1, 9, 12), a.Layer(2));
        var network = new Network(a, [.. Enumerable.Range(0, 13).Select(i => (double)i)]);
        Assert.Equal(5, network.Weight(1, 2, 1)); // row 2, column 1 of W_1
        Assert.Equal(7, network.Bias(1, 1));
        Assert.Equal(11, network.Weight(2, 0, 2));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("5", "single width")]
    [InlineData("1-a-1", "not a whole number")]
    [InlineData("1-2.5-1", "not a whole number")]
    [InlineData("1-0-1", "at least 1")]
    [InlineData("1--3-1", "empty width")]
    [InlineData("-1-3", "empty width")]
    [InlineData("1-3-", "empty width")]
    [InlineData("10000-10000-10000", "more than 100,000,000 parameters")]
    [InlineData("1-99999999999-1", "more than 100,000,000 parameters")]
    public void RejectsBadArchitecturesNamingTheProblem(string text, string problem)
    {
        var e = Assert.Throws<InvalidInputException>(() => Architecture.Parse(text));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
