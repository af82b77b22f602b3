using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Tests.Theory;

public sealed class TeacherSizedNetworkTests
{
    [Theory]
    [InlineData("1-3-1")]
    [InlineData("2-4-1")]
    [InlineData("1-3-2")]
    [InlineData("2-4-3-2")]
    public void IdentifiableNetworksHaveRankDMinusU(string text)
    {
        // Shallow networks, and deep ones on two inputs, are identifiable up to each unit's positive scaling.
        var architecture = Architecture.Parse(text);
        var teacher = TeacherFactory.CreateRandom(architecture, 1, kinksInside: true);
        Assert.Equal(architecture.ParameterCount - architecture.HiddenUnitCount, TeacherSizedNetwork.JacobianRank(teacher));
        Assert.True(TeacherSizedNetwork.IsIdentifiable(teacher));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ADeepNetworkOnOneInputIsNotIdentifiable(long seed)
    {
        // f is piecewise linear on [-1, 1]: K kinks (a position and a slope change each) and a line, 2K + 2 numbers, so
        // no parameter change moves f in more directions than that: rank <= 2K + 2, below d - U = 25 for 1-4-4-1.
        var teacher = TeacherFactory.CreateRandom(Architecture.Parse("1-4-4-1"), seed, kinksInside: true);
        var kinks = Kinks(teacher);
        var rank = TeacherSizedNetwork.JacobianRank(teacher);
        Assert.True(2 * kinks + 2 < 25, $"{kinks} kinks");
        Assert.InRange(rank, 2 * 4 + 2, 2 * kinks + 2); // at least the first layer's four kinks move f independently
        Assert.False(TeacherSizedNetwork.IsIdentifiable(teacher)); // so rank / 2 only bounds lambda
    }

    [Fact]
    public void JacobiEigenvaluesMatchAClosedForm()
    {
        // [[2, 1, 0], [1, 2, 1], [0, 1, 2]]: eigenvalues 2 - sqrt 2, 2, 2 + sqrt 2.
        double[] matrix = [2, 1, 0, 1, 2, 1, 0, 1, 2];
        var values = SymmetricEigen.Eigenvalues(matrix, 3);
        Assert.Equal(2 - Math.Sqrt(2), values[0], 12);
        Assert.Equal(2, values[1], 12);
        Assert.Equal(2 + Math.Sqrt(2), values[2], 12);
    }

    // Kinks of f on (-1, 1): runs of grid cells whose second difference is far above rounding.
    private static int Kinks(Network teacher)
    {
        const int cells = 20_000;
        var y = new double[cells + 1];
        var output = new double[1];
        for (var i = 0; i <= cells; i++)
        {
            teacher.Evaluate([-1 + (2.0 * i / cells)], output);
            y[i] = output[0];
        }

        var kinks = 0;
        var inside = false;
        for (var i = 1; i < cells; i++)
        {
            var bent = Math.Abs(y[i + 1] - (2 * y[i]) + y[i - 1]) > 1e-10;
            kinks += bent && !inside ? 1 : 0;
            inside = bent;
        }

        return kinks;
    }
}
