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

    [Fact]
    public void LayerNamesFollowCmdStansColumnMajorOrderAndReadBackFlat()
    {
        var architecture = BayesFreeEnergy.Networks.Architecture.Parse("2-3-2");
        var teacher = BayesFreeEnergy.Data.TeacherFactory.CreateRandom(BayesFreeEnergy.Networks.Architecture.Parse("2-2-2"), seed: 1, kinksInside: true);
        var data = BayesFreeEnergy.Data.TeacherFactory.GenerateData(teacher, 20, 0.1, seed: 2);
        var model = new BayesFreeEnergy.Models.GaussianRegressionModel(architecture, data, 0.1, new BayesFreeEnergy.Models.GaussianPrior(1));
        var settings = new SamplerSettings { Chains = 1, Warmup = 50, Draws = 10, Seed = 3 };
        var chain = SamplingService.Run(model, settings).Chains[0];
        var path = Path.Combine(_folder, "chain-1.csv");
        CmdStanCsvWriter.Write(path, chain, settings, new RunDescription("2-3-2", "data.csv", new Dictionary<string, string>(), architecture));

        // W1 is 3 x 2, listed W1.1.1, W1.2.1, W1.3.1, W1.1.2, ... (j fastest), then b1, W2 (2 x 3), b2.
        var header = File.ReadLines(path).First(l => !l.StartsWith('#')).Split(',');
        var names = header[7..^1];
        Assert.Equal(["W1.1.1", "W1.2.1", "W1.3.1", "W1.1.2", "W1.2.2", "W1.3.2", "b1.1", "b1.2", "b1.3", "W2.1.1", "W2.2.1", "W2.1.2"], names[..12]);
        Assert.Equal(architecture.ParameterCount, names.Length);
        var firstRow = File.ReadLines(path).Where(l => !l.StartsWith('#')).Skip(1).First().Split(',');
        var w = chain.Draws.Row(0)[chain.Draws.IndexOf(ChainResult.ParameterColumn(0))..];
        Assert.Equal(w[architecture.Layer(1).WeightOffset + (2 * 2) + 1].ToString("R", System.Globalization.CultureInfo.InvariantCulture), firstRow[7 + Array.IndexOf(names, "W1.3.2")]);

        var back = CmdStanCsv.Read(path);
        Assert.Equal(chain.Draws.Columns, back.Draws.Columns);
        Assert.Equal(chain.Draws.Values.ToArray(), back.Draws.Values.ToArray());
    }

    [Fact]
    public void LayerColumnsReadBackInTheFlatLayout()
    {
        // W1 is 2 x 2 listed column-major: W[1,1], W[2,1], W[1,2], W[2,2]; flat is row-major W[1,1], W[1,2], W[2,1], W[2,2], then b.
        var path = Path.Combine(_folder, "layers.csv");
        File.WriteAllText(path, "lp__,W1.1.1,W1.2.1,W1.1.2,W1.2.2,b1.1,b1.2,nLn\n1,2,3,4,5,6,7,8\n");
        var table = CmdStanCsv.Read(path).Draws;
        Assert.Equal(["lp__", "w.1", "w.2", "w.3", "w.4", "w.5", "w.6", "nLn"], table.Columns);
        Assert.Equal([1.0, 2, 4, 3, 5, 6, 7, 8], table.Values.ToArray());
    }

    [Theory]
    [InlineData("lp__,W1.1.1,W1.2.1,W1.1.2,b1.1,b1.2\n1,2,3,4,5,6\n", "layer 1: 3 weights")]
    [InlineData("lp__,W2.1.1,b2.1\n1,2,3\n", "layer 2")]
    [InlineData("lp__,W1.1.1,b1.1,b1.1\n1,2,3,4\n", "column 'b1.1' appears twice")]
    public void LayerColumnsMustFormWholeLayers(string content, string problem)
    {
        var path = Path.Combine(_folder, "layers.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<BayesFreeEnergy.Data.DataFileException>(() => CmdStanCsv.Read(path));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }
}
