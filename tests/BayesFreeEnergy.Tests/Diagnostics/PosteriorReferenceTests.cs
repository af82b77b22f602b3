using System.Globalization;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Tests.Diagnostics;

/// <summary>
/// Our diagnostics against the R package posterior 1.4.0 on fixed draws (TestData/posterior: make-reference.R
/// made draws.csv and reference.csv). Both compute the same formulas in double precision (posterior's
/// autocovariances by FFT, ours lag by lag), so agreement is to rounding: 1e-9 relative.
/// </summary>
public class PosteriorReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "posterior");

    public static TheoryData<string> Cases() => [.. ReadReference().Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPosteriorPackage(string name)
    {
        var chains = ReadDraws()[name];
        var expected = ReadReference()[name];
        AssertClose(expected["rhat"], ConvergenceDiagnostics.Rhat(chains), "rhat");
        AssertClose(expected["ess_bulk"], ConvergenceDiagnostics.EssBulk(chains), "ess_bulk");
        AssertClose(expected["ess_tail"], ConvergenceDiagnostics.EssTail(chains), "ess_tail");
        AssertClose(expected["ess_basic"], ConvergenceDiagnostics.EssBasic(chains), "ess_basic");
        AssertClose(expected["mcse_mean"], ConvergenceDiagnostics.McseMean(chains), "mcse_mean");
        var all = chains.SelectMany(c => c).ToArray();
        AssertClose(expected["q05"], ConvergenceDiagnostics.Quantile(all, 0.05), "q05");
        AssertClose(expected["q95"], ConvergenceDiagnostics.Quantile(all, 0.95), "q95");
        AssertClose(expected["sd"], ConvergenceDiagnostics.StandardDeviation(all), "sd");
    }

    [Fact]
    public void NormalQuantileMatchesR()
    {
        foreach (var line in File.ReadLines(Path.Combine(Folder, "qnorm.csv")).Skip(1))
        {
            var parts = line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            AssertClose(parts[1], NormalDistribution.Quantile(parts[0]), $"qnorm({parts[0]})", 1e-14);
        }
    }

    [Fact]
    public void MedianIsRsMeanOfTheMiddleTwo()
    {
        // R: median(c(0.7, 0.1)) is (0.1 + 0.7) / 2 = 0.39999999999999997, while 0.1 + (0.7 - 0.1) / 2 rounds to 0.4; the
        // last bit decides ties between folded draws, which moved R-hat in the fifth digit against posterior's.
        Assert.Equal(0.39999999999999997, ConvergenceDiagnostics.Median([0.7, 0.1]));
        Assert.Equal(2.0, ConvergenceDiagnostics.Median([3.0, 1.0, 2.0]));
    }

    [Fact]
    public void ConstantDrawsHaveNoDiagnostics()
    {
        double[][] chains = [[1, 1, 1, 1], [1, 1, 1, 1]];
        Assert.True(double.IsNaN(ConvergenceDiagnostics.Rhat(chains)));
        Assert.True(double.IsNaN(ConvergenceDiagnostics.EssBulk(chains)));
    }

    private static void AssertClose(double expected, double actual, string what, double relative = 1e-9) =>
        Assert.True(Math.Abs(expected - actual) <= relative * Math.Abs(expected), $"{what}: posterior {expected:R}, ours {actual:R}");

    private static Dictionary<string, double[][]> ReadDraws() =>
        File.ReadLines(Path.Combine(Folder, "draws.csv")).Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.GroupBy(p => p[1]).Select(c => c.Select(p => double.Parse(p[3], CultureInfo.InvariantCulture)).ToArray()).ToArray());

    private static Dictionary<string, Dictionary<string, double>> ReadReference()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "reference.csv"));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(p => p[0],
            p => Enumerable.Range(1, header.Length - 1).ToDictionary(k => header[k], k => double.Parse(p[k].Trim(), CultureInfo.InvariantCulture)));
    }
}
