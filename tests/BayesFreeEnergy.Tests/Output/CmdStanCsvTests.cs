using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;
using BayesFreeEnergy.Tests.Sampling;

namespace BayesFreeEnergy.Tests.Output;

public sealed class CmdStanCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-stancsv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void DrawsRoundTripExactly()
    {
        var (model, _) = LinearRegressionPosteriorTests.Problem();
        var settings = new SamplerSettings { Chains = 1, Warmup = 100, Draws = 50, Seed = 3, SaveLogLikelihood = true };
        var chain = SamplingService.Run(model, settings).Chains[0];
        var path = Path.Combine(_folder, "chain-1.csv");
        CmdStanCsvWriter.Write(path, chain, settings, new RunDescription("2-1", "data.csv", new Dictionary<string, string> { ["noise"] = "0.5" }));

        var back = CmdStanCsv.Read(path);
        Assert.Equal(chain.Draws.Columns, back.Draws.Columns);
        Assert.Equal(chain.Draws.Values.ToArray(), back.Draws.Values.ToArray());
        Assert.Equal(chain.StepSize, back.StepSize);
        Assert.Equal(chain.InverseMetric, back.InverseMetric);
        Assert.Equal("50", back.Config["num_samples"]);
        Assert.Equal("nuts", back.Config["engine"]);
        Assert.Equal("0.5", back.Config["bfe_noise"]);
        Assert.StartsWith("lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,w.1,w.2,w.3,nLn,log_lik.1,",
            File.ReadLines(path).First(l => !l.StartsWith('#')), StringComparison.Ordinal);
        Assert.NotNull(back.WarmupSeconds);
    }

    [Fact]
    public void NonFiniteValuesUseStansSpelling()
    {
        Assert.Equal("inf", CmdStanCsvWriter.Format(double.PositiveInfinity));
        Assert.Equal("-inf", CmdStanCsvWriter.Format(double.NegativeInfinity));
        Assert.Equal("nan", CmdStanCsvWriter.Format(double.NaN));
        Assert.Equal("1E-300", CmdStanCsvWriter.Format(1e-300));
    }

    [Fact]
    public void MalformedFilesNameTheLine()
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, "# model = x\nlp__,w.1\n1,2\n3\n");
        var e = Assert.Throws<BayesFreeEnergy.Data.DataFileException>(() => CmdStanCsv.Read(path));
        Assert.Equal(4, e.Line);
    }
}
