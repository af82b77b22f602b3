using System.Globalization;
using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Tests.Estimation;

/// <summary>
/// WAIC and PSIS-LOO against the R package loo 2.5.1 on a committed log-likelihood matrix (TestData/loo:
/// make-reference.R made loglik.csv, reference.csv and pointwise.csv). Same formulas in double precision: 1e-9 relative.
/// </summary>
public class LooReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "loo");

    [Fact]
    public void WaicAndLooMatchTheLooPackage()
    {
        var rows = File.ReadAllLines(Path.Combine(Folder, "loglik.csv")).Select(l => l.Split(',').Select(Parse).ToArray()).ToArray();
        var matrix = new LogLikelihoodMatrix([.. rows.SelectMany(r => r)], rows.Length, rows[0].Length);
        var reference = File.ReadAllLines(Path.Combine(Folder, "reference.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => new Estimate(Parse(p[1]), Parse(p[2])));

        var waic = Waic.Compute(matrix);
        AssertClose(reference["elpd_waic"], waic.ElpdWaic, "elpd_waic");
        AssertClose(reference["p_waic"], waic.PWaic, "p_waic");
        AssertClose(reference["waic"], waic.WaicDeviance, "waic");
        Assert.Equal(-waic.ElpdWaic.Value / matrix.Points, waic.TrainingLoss + (waic.PWaic.Value / matrix.Points), 12);

        var loo = PsisLoo.Compute(matrix, [.. Enumerable.Repeat(1.0, matrix.Points)]); // the reference used r_eff = 1
        AssertClose(reference["elpd_loo"], loo.ElpdLoo, "elpd_loo");
        AssertClose(reference["p_loo"], loo.PLoo, "p_loo");
        AssertClose(reference["looic"], loo.LooIc, "looic");
        var pointwise = File.ReadAllLines(Path.Combine(Folder, "pointwise.csv")).Skip(1).Select(l => l.Split(',').Select(Parse).ToArray()).ToArray();
        for (var i = 0; i < pointwise.Length; i++)
        {
            Assert.True(Math.Abs(pointwise[i][2] - loo.ParetoK[i]) <= 1e-9 * Math.Max(1, Math.Abs(pointwise[i][2])), $"pareto k of point {i + 1}: loo {pointwise[i][2]}, ours {loo.ParetoK[i]}");
            Assert.True(Math.Abs(pointwise[i][0] - loo.Pointwise[i]) <= 1e-9 * Math.Max(1, Math.Abs(pointwise[i][0])), $"elpd_loo of point {i + 1}");
        }

        Assert.Contains(loo.ParetoK, k => k > 0.7); // the committed matrix exercises the bad-k branch
        Assert.True(double.IsNaN(loo.McseElpdLoo)); // where loo reports NA
        var table = loo.ParetoKTable;
        Assert.Equal(pointwise.Length, table.Sum(r => r.Count));
        Assert.Equal(pointwise.Count(p => p[2] > 0.7 && p[2] <= 1), table[2].Count);
    }

    [Fact]
    public void RelativeEfficiencyMcseAndNEffMatchTheLooPackageOnAutocorrelatedChains()
    {
        // 4 chains x 100 AR(1) draws: loo's relative_eff(exp(ll), chain_id) is far from 1, so it moves the tail lengths too.
        var rows = File.ReadAllLines(Path.Combine(Folder, "loglik-chains.csv")).Select(l => l.Split(',').Select(Parse).ToArray()).ToArray();
        var matrix = new LogLikelihoodMatrix([.. rows.SelectMany(r => r)], rows.Length, rows[0].Length, chains: 4);
        var reference = File.ReadAllLines(Path.Combine(Folder, "reference-chains.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => (Value: Parse(p[1]), Se: p[2].Trim() == "NA" ? double.NaN : Parse(p[2])));
        var pointwise = File.ReadAllLines(Path.Combine(Folder, "pointwise-chains.csv")).Skip(1).Select(l => l.Split(',').Select(Parse).ToArray()).ToArray();

        var loo = PsisLoo.Compute(matrix);
        Assert.Contains(loo.RelativeEfficiency, r => r < 0.5);
        for (var i = 0; i < pointwise.Length; i++)
        {
            AssertClose(pointwise[i][0], loo.RelativeEfficiency[i], $"r_eff of point {i + 1}");
            AssertClose(pointwise[i][1], loo.EffectiveSampleSize[i], $"n_eff of point {i + 1}");
            AssertClose(pointwise[i][2], loo.PointwiseMcse[i], $"mcse_elpd_loo of point {i + 1}");
            AssertClose(pointwise[i][3], loo.ParetoK[i], $"pareto k of point {i + 1}");
            AssertClose(pointwise[i][4], loo.Pointwise[i], $"elpd_loo of point {i + 1}");
        }

        AssertClose(reference["elpd_loo"].Value, loo.ElpdLoo.Value, "elpd_loo");
        AssertClose(reference["elpd_loo"].Se, loo.ElpdLoo.StandardError, "elpd_loo se");
        AssertClose(reference["p_loo"].Value, loo.PLoo.Value, "p_loo");
        AssertClose(reference["mcse_elpd_loo"].Value, loo.McseElpdLoo, "mcse_elpd_loo");
    }

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1e-300, Math.Abs(expected)), $"{what}: loo {expected:R}, ours {actual:R}");

    private static double Parse(string text) => double.Parse(text.Trim(), CultureInfo.InvariantCulture);

    private static void AssertClose(Estimate expected, Estimate actual, string what)
    {
        Assert.True(Math.Abs(expected.Value - actual.Value) <= 1e-9 * Math.Abs(expected.Value), $"{what}: loo {expected.Value:R}, ours {actual.Value:R}");
        Assert.True(Math.Abs(expected.StandardError - actual.StandardError) <= 1e-9 * Math.Abs(expected.StandardError), $"{what} se: loo {expected.StandardError:R}, ours {actual.StandardError:R}");
    }
}
