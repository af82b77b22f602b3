using System.Text.Json;
using BayesFreeEnergy.Cli;

namespace BayesFreeEnergy.Tests.Cli;

public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = BfeApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("1e300", "0.1", "sample")]
    [InlineData("1e160", "0.1", "freeenergy")]
    [InlineData("0.3", "1e-160", "lambda")]
    public void OutputsTooLargeForTheNoiseAreAUserMistake(string y, string noise, string command)
    {
        var data = Path.Combine(_folder, "huge.csv");
        File.WriteAllText(data, $"x1,y1\n0.1,{y}\n0.2,0.3\n0.5,0.1\n");
        var (code, output, error) = Run(command, "--data", data, "--model", "1-2-1", "--noise", noise, "--out", Path.Combine(_folder, "out"));
        Assert.Equal(2, code);
        Assert.Contains("too large for noise", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    [Theory]
    [InlineData("--chains: chains must be at least 1", "sample", "--chains", "0")]
    [InlineData("--draws: draws must be at least 1", "freeenergy", "--draws", "0")]
    [InlineData("--llc-gamma: localization must be non-negative", "lambda", "--llc-only", "--llc-gamma", "-1")]
    [InlineData("--gamma: localization must be non-negative", "llc", "--gamma", "-1")]
    [InlineData("--batch-size: the exact local learning coefficient (NUTS) uses the full batch and adapts its own step: leave the step size and batch size unset", "llc", "--sampler", "nuts", "--batch-size", "5")]
    public void BadSamplerSettingsNameTheirOption(string message, string command, params string[] options)
    {
        var data = Path.Combine(_folder, "d.csv");
        Assert.Equal(0, Run("data", "--teacher", "1-2-1", "--n", "20", "--out", data).Code);
        var (code, _, error) = Run([command, "--data", data, "--model", "1-2-1", "--noise", "0.1", "--out", Path.Combine(_folder, "out"), .. options]);
        Assert.Equal(2, code);
        Assert.Equal($"bfe: error: {message}", error.Trim());
    }

    [Theory]
    [InlineData("the ladder needs at least two strictly increasing", "sample", "--betas", "0.5,0.2,1")]
    [InlineData("--rungs: a ladder needs at least 3 rungs, got 2", "freeenergy", "--rungs", "2")]
    [InlineData("--ladder-power: the ladder power must lie in [1, 20], got 30", "freeenergy", "--ladder-power", "30")]
    [InlineData("need at least 2 data points, got 1", "lambda", "--no-llc")]
    public void LibraryRulesReachTheUserAsMistakesNotBugs(string message, string command, params string[] options)
    {
        // One data point makes the lambda case; the others only need data that reads.
        var data = Path.Combine(_folder, "d.csv");
        Assert.Equal(0, Run("data", "--teacher", "1-2-1", "--n", command == "lambda" ? "1" : "20", "--out", data).Code);
        var (code, _, error) = Run([command, "--data", data, "--model", "1-2-1", "--noise", "0.1", "--chains", "1", "--warmup", "10", "--draws", "10",
            "--out", Path.Combine(_folder, "out"), .. options]);
        Assert.Equal(2, code);
        Assert.StartsWith("bfe: error: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    [Theory]
    [InlineData("--train-epochs: training needs at least one pass", "--train-epochs", "0")]
    [InlineData("--train-batch-size: the training batch must hold 1 to n = 20 points, got 500", "--train-batch-size", "500")]
    [InlineData("--learning-rate: the learning rate must be positive", "--learning-rate", "-1")]
    public void TrainingSettingsOfALargeNetworkAreCheckedBeforeTraining(string message, params string[] options)
    {
        var data = Path.Combine(_folder, "d.csv");
        Assert.Equal(0, Run("data", "--teacher", "1-2-1", "--n", "20", "--out", data).Code);
        var (code, _, error) = Run(["llc", "--data", data, "--model", "1-50-50-1", "--noise", "0.1", "--out", Path.Combine(_folder, "out"), .. options]);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "out")));
    }

    [Fact]
    public void ViWritesItsBoundDrawsThatPredictReadsAndRefusesBadSettingsByName()
    {
        var data = Path.Combine(_folder, "d.csv");
        Assert.Equal(0, Run("data", "--teacher", "1-2-1", "--n", "50", "--out", data).Code);
        var folder = Path.Combine(_folder, "vi");
        var (code, output, error) = Run("vi", "--data", data, "--model", "1-2-1", "--noise", "0.1", "--iterations", "2000", "--min-iterations", "1000",
            "--draws", "500", "--log-lik", "--out", folder, "--json");
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(-root.GetProperty("elbo").GetDouble(), root.GetProperty("free_energy").GetProperty("value").GetDouble());
        Assert.Equal("mean_field", root.GetProperty("family").GetString());
        Assert.True(double.IsFinite(root.GetProperty("loo").GetProperty("value").GetDouble())); // --log-lik adds LOO on the draws from q
        Assert.True(double.IsFinite(root.GetProperty("pareto_k").GetDouble()));
        Assert.Equal(500, BayesFreeEnergy.Sampling.Output.DrawsFolder.Read(folder).Parameters.Count);
        Assert.True(Directory.Exists(Path.Combine(folder, "posterior.zarr")));

        var inputs = Path.Combine(_folder, "x.csv");
        File.WriteAllText(inputs, "0.2\n");
        Assert.Equal(0, Run("predict", "--draws", folder, "--inputs", inputs, "--out", Path.Combine(_folder, "p.csv")).Code);

        var (bad, _, message) = Run("vi", "--data", data, "--model", "1-2-1", "--noise", "0.1", "--beta", "0", "--out", Path.Combine(_folder, "vi2"));
        Assert.Equal(2, bad);
        Assert.Contains("--beta: beta must lie in (0, 1]", message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "vi2")));
    }

    [Fact]
    public void ViCompareFitsBothFamiliesOnEveryRunOfASweep()
    {
        var results = Path.Combine(AppContext.BaseDirectory, "TestData", "sweep-tiny");
        var (code, output, error) = Run("vi-compare", results, "--out", _folder, "--json");
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Directory.GetFiles(Path.Combine(results, "runs"), "*.json").Length, rows.Count);

        // F_VB bounds F_n from above: every mean-field and full-rank fit lies above the run's stepping-stone F_n by more
        // than their combined standard errors allow the other way (3 se).
        foreach (var row in rows)
        {
            var ss = row.GetProperty("stepping_stone");
            foreach (var family in new[] { "mean_field", "full_rank" })
            {
                var vb = row.GetProperty(family).GetProperty("free_energy");
                var se = Math.Sqrt(Math.Pow(vb.GetProperty("se").GetDouble(), 2) + Math.Pow(ss.GetProperty("se").GetDouble(), 2));
                Assert.True(vb.GetProperty("value").GetDouble() > ss.GetProperty("value").GetDouble() - (3 * se), $"{family}: F_VB below F_n");
            }
        }

        Assert.Contains("| model | d | n | seeds | F_VB - F_n, mean field |", File.ReadAllText(Path.Combine(_folder, "variational.md")), StringComparison.Ordinal);

        // Kept in a results folder, the comparison becomes a section of bfe report.
        var copy = Path.Combine(_folder, "results");
        CopyFolder(results, copy);
        File.Copy(Path.Combine(_folder, "variational.json"), Path.Combine(copy, "variational.json"));
        Assert.Equal(0, Run("report", copy).Code);
        Assert.Contains("<h2>Variational Bayes beside MCMC</h2>", File.ReadAllText(Path.Combine(copy, "report.html")), StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Fact]
    public void ANoiselessLinearTeacherServesAsTheLlcCentre()
    {
        var data = Path.Combine(_folder, "dln.csv");
        Assert.Equal(0, Run("data", "--teacher", "3-4-4-3", "--rank", "1", "--noise", "0", "--n", "200", "--out", data).Code);
        var (code, output, error) = Run("llc", "--data", data, "--model", "3-4-4-3", "--activation", "identity", "--no-biases", "--noise", "0.1",
            "--center", Path.Combine(_folder, "dln.teacher.json"), "--step-size", "1e-4", "--draws", "200", "--out", Path.Combine(_folder, "llc"), "--json");
        Assert.True(code == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        // The teacher fits noiseless data exactly: n L_n(w*) is the normalizer alone, n N (log s + log(2 pi) / 2), N = 3 outputs.
        Assert.Equal(200 * 3 * (Math.Log(0.1) + (0.5 * Math.Log(2 * Math.PI))), json.RootElement.GetProperty("center_n_ln").GetDouble(), 1e-9);
    }

    [Theory]
    [InlineData("--teacher", "3-4-3", "--rank", "4")]
    [InlineData("--teacher", "3-4-3", "--rank", "-1")]
    public void ARankOutsideTheWidthsIsRefused(params string[] options)
    {
        var (code, _, error) = Run(["data", "--n", "10", "--out", Path.Combine(_folder, "x.csv"), .. options]);
        Assert.Equal(2, code);
        Assert.Contains("--rank needs", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ASweepWithNoJobsCreatesNoFolder()
    {
        var experiment = Path.Combine(_folder, "exp.json");
        File.WriteAllText(experiment, Experiments.ExperimentFileTests.Tiny);
        var results = Path.Combine(_folder, "R");
        var (code, _, error) = Run("sweep", experiment, "--out", results, "--jobs", "0");
        Assert.Equal(2, code);
        Assert.Contains("--jobs must be at least 1", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(results));
    }

    [Fact]
    public void BoundPrintsTheThreeValues()
    {
        var (code, output, _) = Run("bound", "--teacher", "1-3-1", "--model", "1-10-10-1");
        Assert.Equal(0, code);
        Assert.Contains("70.5", output, StringComparison.Ordinal);
        Assert.Contains("3.5", output, StringComparison.Ordinal);
    }

    [Fact]
    public void BoundJsonIsOneObject()
    {
        var (code, output, _) = Run("bound", "--teacher", "1-3-1", "--model", "1-10-10-1", "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(3.5, document.RootElement.GetProperty("lambda_relu").GetDouble());
        Assert.Equal(70.5, document.RootElement.GetProperty("regular").GetDouble());
    }

    [Fact]
    public void LinearBoundGivesTheExactValue()
    {
        var (code, output, _) = Run("bound", "--linear", "5-10-10-5", "--rank", "2", "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(12.5, document.RootElement.GetProperty("lambda").GetDouble());
    }

    [Fact]
    public void RefusedBoundPrintsNoLambda()
    {
        var (code, output, _) = Run("bound", "--teacher", "1-3-1", "--model", "1-2-1");
        Assert.Equal(0, code);
        Assert.Contains("not established", output, StringComparison.Ordinal);
        Assert.Contains("H_1 = 2 < H*_1 = 3", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bound", "--teacher", "1-x-1", "--model", "1-3-1")]
    [InlineData("bound", "--linear", "5-10-5")]
    [InlineData("bound", "--teacher", "missing.json", "--model", "1-3-1")]
    [InlineData("data", "--teacher", "1-3-1", "--n", "0", "--out", "x.csv")]
    [InlineData("sample", "--data", "d.csv", "--model", "1-3-1", "--noise", "0.1", "--sampler", "foo", "--out", "x")]
    [InlineData("sample", "--data", "d.csv", "--model", "1-3-1", "--out", "x")]
    [InlineData("frobnicate")]
    [InlineData("data", "--teacher", "1-3-1", "--n", "abc", "--out", "x.csv")]
    [InlineData("sample", "--data", "d.csv", "--model", "1-3-1", "--noise", "small", "--out", "x")]
    [InlineData]
    [InlineData("validate", "--suite", "quadratic")]
    [InlineData("validate", "--suite", "linear", "--sizes", "5")]
    [InlineData("lambda", "--data", "d.csv", "--model", "1-3-1", "--noise", "0.1", "--llc-only", "--no-llc", "--out", "x")]
    [InlineData("llc", "--data", "d.csv", "--model", "1-3-1", "--noise", "0.1", "--gradient-threads", "0", "--out", "x")]
    public void UserMistakesGiveAMessageAndExitCodeTwo(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("bfe: error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void DataWritesCsvAndTeacherThatReloads()
    {
        var path = Path.Combine(_folder, "data.csv");
        var (code, _, error) = Run("data", "--teacher", "1-3-1", "--n", "500", "--noise", "0.1", "--seed", "1", "--out", path);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(path);
        Assert.Equal("x1,y1", lines[0]);
        Assert.Equal(501, lines.Length);
        Assert.DoesNotContain('\r', File.ReadAllText(path)); // LF line ends, like every other CSV the tool writes
        var teacherPath = Path.Combine(_folder, "data.teacher.json");
        Assert.True(File.Exists(teacherPath));

        var (boundCode, boundOutput, _) = Run("bound", "--teacher", teacherPath, "--model", "1-10-10-1", "--json");
        Assert.Equal(0, boundCode);
        Assert.Contains("checked on the teacher's weights", boundOutput, StringComparison.Ordinal);

        // The same seed gives the same file.
        var again = Path.Combine(_folder, "again.csv");
        Run("data", "--teacher", "1-3-1", "--n", "500", "--noise", "0.1", "--seed", "1", "--out", again);
        Assert.Equal(File.ReadAllText(path), File.ReadAllText(again));
    }
}

public sealed class SampleCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-sample-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Data()
    {
        var path = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-3-1", "--n", "60", "--noise", "0.1", "--seed", "1", "--out", path).Code);
        return path;
    }

    [Theory]
    [InlineData("nuts")]
    [InlineData("hmc")]
    [InlineData("rwm")]
    [InlineData("sgld")]
    public void EverySamplersFileHasWhatCmdstanpyReads(string sampler)
    {
        // cmdstanpy.from_csv (utils/stancsv.py) reads the config comments as key = value (dropping "(Default)"), needs
        // metric and max_depth for every sampling file, then "# Adaptation terminated", "# Step size = x" and, for
        // diag_e, the diagonal's heading and one line, then num_samples rows with divergent__ and treedepth__.
        var output = Path.Combine(_folder, sampler);
        Assert.Equal(0, CliTests.Run("sample", "--data", Data(), "--model", "1-3-1", "--noise", "0.1", "--chains", "1", "--warmup", "20", "--draws", "30",
            "--sampler", sampler, "--step-size", "1e-4", "--out", output).Code);
        var lines = File.ReadAllLines(Path.Combine(output, "chain-1.csv"));
        var config = lines.TakeWhile(l => l.StartsWith('#')).Select(l => l.Replace("(Default)", "", StringComparison.Ordinal).TrimStart(' ', '#', '\t').Split('='))
            .Where(kv => kv.Length == 2).GroupBy(kv => kv[0].Trim()).ToDictionary(g => g.Key, g => g.Last()[1].Trim());
        Assert.Equal("sample", config["method"]);
        Assert.Equal("diag_e", config["metric"]);
        Assert.True(int.TryParse(config["max_depth"], out _));
        Assert.Equal("30", config["num_samples"]);
        var header = Array.FindIndex(lines, l => !l.StartsWith('#'));
        var columns = lines[header].Split(',');
        Assert.Contains("divergent__", columns);
        Assert.Contains("treedepth__", columns);
        Assert.Equal("# Adaptation terminated", lines[header + 1]);
        Assert.StartsWith("# Step size = ", lines[header + 2], StringComparison.Ordinal);
        Assert.Equal("# Diagonal elements of inverse mass matrix:", lines[header + 3]);
        var draws = lines.Skip(header + 5).TakeWhile(l => !l.StartsWith('#')).ToList();
        Assert.Equal(30, draws.Count);
        Assert.All(draws, d => Assert.Equal(columns.Length, d.Split(',').Length));
    }

    [Fact]
    public void WritesOneCmdStanFilePerChainAndASummary()
    {
        var output = Path.Combine(_folder, "run");
        var (code, stdout, error) = CliTests.Run("sample", "--data", Data(), "--model", "1-3-1", "--noise", "0.1", "--chains", "2",
            "--warmup", "100", "--draws", "60", "--seed", "1", "--out", output, "--json");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        using var summary = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal("nuts", summary.RootElement.GetProperty("settings").GetProperty("algorithm").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("chains").GetArrayLength());
        Assert.Equal("lp__", summary.RootElement.GetProperty("variables")[0].GetProperty("variable").GetString());
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
        foreach (var chain in new[] { 1, 2 })
        {
            var draws = BayesFreeEnergy.Sampling.Output.CmdStanCsv.Read(Path.Combine(output, $"chain-{chain}.csv"));
            Assert.Equal(60, draws.Draws.RowCount);
        }
    }

    [Fact]
    public void ReplicaExchangeWritesEveryRungAndSwapRates()
    {
        var output = Path.Combine(_folder, "ladder");
        var (code, stdout, _) = CliTests.Run("sample", "--data", Data(), "--model", "1-2-1", "--noise", "0.1", "--chains", "1",
            "--warmup", "50", "--draws", "40", "--rungs", "4", "--out", output, "--json");
        Assert.Equal(0, code);
        using var summary = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(3, summary.RootElement.GetProperty("swap_rates").GetArrayLength());
        Assert.Equal(3, Directory.GetFiles(Path.Combine(output, "rungs"), "chain-1-rung-*.csv").Length); // the tempered rungs apart
        Assert.Equal([Path.Combine(output, "chain-1.csv")], Directory.GetFiles(output, "*.csv")); // the posterior where readers look
        Assert.Contains("# bfe_beta = 1", File.ReadLines(Path.Combine(output, "chain-1.csv")));
    }

    [Theory]
    [InlineData("x1,y1\n0.1,0.2\n0.3\n", "line 3: row has 1 columns, expected 2")]
    [InlineData("x1,y1\n0.1,abc\n", "line 2: column 2 ('abc') is not a number")]
    [InlineData("", "contains no data rows")]
    public void BadDataStopsBeforeSamplingAndNamesFileAndLine(string content, string message)
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, content);
        var output = Path.Combine(_folder, "never");
        var (code, _, error) = CliTests.Run("sample", "--data", path, "--model", "1-3-1", "--noise", "0.1", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains(path, error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ArchitectureThatDoesNotMatchTheDataIsRefused()
    {
        var (code, _, error) = CliTests.Run("sample", "--data", Data(), "--model", "2-3-1", "--noise", "0.1", "--out", Path.Combine(_folder, "x"));
        Assert.Equal(2, code);
        Assert.Contains("expected 3 (2 input + 1 output for architecture 2-3-1)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void SgldNeedsAStepSize()
    {
        var (code, _, error) = CliTests.Run("sample", "--data", Data(), "--model", "1-3-1", "--noise", "0.1", "--sampler", "sgld", "--out", Path.Combine(_folder, "x"));
        Assert.Equal(2, code);
        Assert.Contains("--step-size", error, StringComparison.Ordinal);
    }
}

public sealed class FreeEnergyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-fe-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void PrintsEveryEstimateWithValueAndStandardError()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "40", "--noise", "0.2", "--seed", "3", "--out", data).Code);
        var output = Path.Combine(_folder, "fe");
        var (code, stdout, error) = CliTests.Run("freeenergy", "--data", data, "--model", "1-2-1", "--noise", "0.2", "--rungs", "6", "--chains", "1",
            "--warmup", "100", "--draws", "100", "--teacher", Path.Combine(_folder, "data.teacher.json"), "--test-points", "200", "--out", output, "--json");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        using var report = System.Text.Json.JsonDocument.Parse(stdout);
        foreach (var field in new[] { "ti", "stepping_stone", "wbic", "lambda_wbic2", "lambda_variance", "waic", "loo" })
        {
            Assert.True(double.IsFinite(report.RootElement.GetProperty(field).GetProperty("value").GetDouble()), field);
            Assert.True(report.RootElement.GetProperty(field).GetProperty("se").GetDouble() >= 0, field);
        }

        foreach (var field in new[] { "stepping_stone", "wbic", "lambda_wbic2", "lambda_variance" })
        {
            var status = report.RootElement.GetProperty(field).GetProperty("status").GetString();
            Assert.True(status is "ok" or "unreliable", field);
            Assert.Equal(status == "ok", report.RootElement.GetProperty(field).GetProperty("reasons").GetArrayLength() == 0);
        }

        var ti = report.RootElement.GetProperty("ti");
        Assert.True(ti.GetProperty("se").GetDouble() >= ti.GetProperty("mc_se").GetDouble());
        Assert.True(report.RootElement.GetProperty("round_trips").GetInt64() >= 0);
        Assert.Equal(2.5, report.RootElement.GetProperty("teacher").GetProperty("lambda_relu").GetDouble()); // 1-2-1: (7 - 2)/2
        var coverage = report.RootElement.GetProperty("teacher").GetProperty("coverage90");
        Assert.InRange(coverage.GetProperty("value").GetDouble(), 0, 1);
        Assert.True(coverage.GetProperty("se").GetDouble() >= 0);
        Assert.Contains("90% band of f covers f*", CliTests.Run("freeenergy", "--data", data, "--model", "1-2-1", "--noise", "0.2", "--rungs", "6", "--chains", "1",
            "--warmup", "100", "--draws", "100", "--teacher", Path.Combine(_folder, "data.teacher.json"), "--test-points", "200", "--out", output + "-text").Out, StringComparison.Ordinal);
        Assert.Equal(8, File.ReadAllLines(Path.Combine(output, "rungs.csv")).Length - 1); // 6 rungs + the two WBIC temperatures
        foreach (var file in new[] { "freeenergy.json", "ti.png", "ti.svg", "swaps.png", "swaps.svg" })
        {
            Assert.True(new FileInfo(Path.Combine(output, file)).Length > 1000, file);
        }

        Assert.False(File.Exists(Path.Combine(output, "chain-1.csv"))); // draws only with --log-lik
    }

    [Fact]
    public void LogLikWritesThePosteriorChainsForLooReaders()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "30", "--noise", "0.2", "--seed", "3", "--out", data).Code);
        var output = Path.Combine(_folder, "fe");
        Assert.Equal(0, CliTests.Run("freeenergy", "--data", data, "--model", "1-2-1", "--noise", "0.2", "--rungs", "4", "--chains", "2",
            "--warmup", "50", "--draws", "60", "--log-lik", "--out", output).Code);
        foreach (var chain in new[] { 1, 2 })
        {
            var draws = BayesFreeEnergy.Sampling.Output.CmdStanCsv.Read(Path.Combine(output, $"chain-{chain}.csv")).Draws;
            Assert.Equal(60, draws.RowCount);
            Assert.Contains("log_lik.30", draws.Columns);
            Assert.Contains("# bfe_beta = 1", File.ReadLines(Path.Combine(output, $"chain-{chain}.csv")));
        }
    }
}

public sealed class LambdaCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-lambda-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReportsAllThreeEstimatorsAndTheBound()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "50", "--noise", "0.2", "--seed", "3", "--out", data).Code);
        var (code, stdout, error) = CliTests.Run("lambda", "--data", data, "--model", "1-3-1", "--noise", "0.2", "--chains", "1", "--warmup", "100",
            "--draws", "100", "--llc-draws", "200", "--teacher", Path.Combine(_folder, "data.teacher.json"), "--out", Path.Combine(_folder, "out"), "--json");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        using var report = System.Text.Json.JsonDocument.Parse(stdout);
        foreach (var field in new[] { "wbic", "lambda_wbic2", "lambda_variance", "llc" })
        {
            Assert.True(double.IsFinite(report.RootElement.GetProperty(field).GetProperty("value").GetDouble()), field);
            Assert.True(report.RootElement.GetProperty(field).GetProperty("se").GetDouble() > 0, field);
        }

        Assert.Equal(5, report.RootElement.GetProperty("d_half").GetDouble());
        Assert.Equal(2.5, report.RootElement.GetProperty("lambda_relu").GetDouble());
        Assert.Equal(3, report.RootElement.GetProperty("heat_capacity").GetArrayLength()); // 1/log n, 1.5/log n and 1
        Assert.Equal(30, report.RootElement.GetProperty("llc_calibration").GetArrayLength()); // 10 steps x 3 localizations
        Assert.True(report.RootElement.GetProperty("llc").GetProperty("status").GetString() is "ok" or "unreliable");
        foreach (var file in new[] { "lambda.json", "llc-trace.png", "llc-trace.svg", "llc-calibration.png", "llc-calibration.svg" })
        {
            Assert.True(File.Exists(Path.Combine(_folder, "out", file)), file);
        }
    }
}

public sealed class LlcCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-llc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheExactSamplerRunsOneChainSetPerLocalizationInBothCommands()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "50", "--noise", "0.2", "--seed", "3", "--out", data).Code);
        var (code, stdout, error) = CliTests.Run("llc", "--data", data, "--model", "1-2-1", "--noise", "0.2", "--sampler", "nuts", "--gamma", "4",
            "--draws", "200", "--center", Path.Combine(_folder, "data.teacher.json"), "--out", Path.Combine(_folder, "llc"), "--json");
        Assert.True(code == 0, error);
        using var report = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(3, report.RootElement.GetProperty("calibration").GetArrayLength()); // gamma 4, 1 and 0.25, no step grid
        Assert.True(report.RootElement.GetProperty("llc").GetProperty("value").GetDouble() is > 0 and < 3.5); // d/2 = 3.5

        (code, stdout, error) = CliTests.Run("lambda", "--data", data, "--model", "1-2-1", "--noise", "0.2", "--llc-only", "--llc-sampler", "nuts", "--llc-gamma", "4",
            "--llc-draws", "200", "--chains", "2", "--out", Path.Combine(_folder, "lambda"), "--json");
        Assert.True(code == 0, error);
        using var lambda = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(3, lambda.RootElement.GetProperty("llc_calibration").GetArrayLength());
    }

    [Fact]
    public void TrainsAWideNetworkOnMinibatchesAndReportsAJudgedEstimate()
    {
        // 1-45-45-1 has 2206 parameters: above the dense limit, so it is trained by minibatch Adam on two gradient threads.
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "60", "--noise", "0.2", "--seed", "1", "--out", data).Code);
        var (code, stdout, error) = CliTests.Run("llc", "--data", data, "--model", "1-45-45-1", "--noise", "0.2", "--gradient-threads", "2", "--train-epochs", "5",
            "--step-size", "1e-7", "--draws", "200", "--out", Path.Combine(_folder, "out"), "--json");
        Assert.Equal(0, code);
        Assert.Contains("training pass 5/5", error, StringComparison.Ordinal); // plain progress lines off a terminal
        using var report = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(2206, report.RootElement.GetProperty("d").GetInt32());
        Assert.True(report.RootElement.GetProperty("llc").GetProperty("status").GetString() is "ok" or "unreliable");
        Assert.True(double.IsFinite(report.RootElement.GetProperty("center_n_ln").GetDouble()));
        foreach (var file in new[] { "llc.json", "llc-trace.png" })
        {
            Assert.True(File.Exists(Path.Combine(_folder, "out", file)), file);
        }

        // The loss trace as CSV: a row per chain and draw, the leading transient ones marked as left out.
        var transient = report.RootElement.GetProperty("transient_draws").GetInt32();
        var rows = File.ReadAllLines(Path.Combine(_folder, "out", "llc-trace.csv"));
        Assert.Equal("chain,draw,n_ln,llc,transient", rows[0]);
        Assert.Equal(1 + (2 * 200), rows.Length);
        Assert.Equal(2 * transient, rows.Count(r => r.EndsWith(",true", StringComparison.Ordinal)));
        Assert.StartsWith("1,1,", rows[1], StringComparison.Ordinal);
    }
}

public sealed class PredictCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-predict-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WritesIntervalsThatWidenWithNoiseAndAPlot()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "60", "--noise", "0.2", "--seed", "3", "--out", data).Code);
        var run = Path.Combine(_folder, "run");
        Assert.Equal(0, CliTests.Run("sample", "--data", data, "--model", "1-3-1", "--noise", "0.2", "--chains", "2", "--warmup", "100", "--draws", "100", "--out", run).Code);
        var inputs = Path.Combine(_folder, "new.csv");
        File.WriteAllText(inputs, "x1\n-0.5\n0\n0.5\n");
        var output = Path.Combine(_folder, "pred.csv");
        var (code, _, error) = CliTests.Run("predict", "--draws", run, "--inputs", inputs, "--out", output, "--data", data);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        var lines = File.ReadAllLines(output);
        Assert.Equal(4, lines.Length);
        var header = lines[0].Split(',');
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            double Cell(string name) => cells[Array.IndexOf(header, name)];
            Assert.True(Cell("pred_sd_y1") > Cell("sd_y1"));
            Assert.True(Cell("pred_q5_y1") < Cell("q5_y1") && Cell("q95_y1") < Cell("pred_q95_y1"));
            Assert.InRange(Cell("mean_y1"), Cell("q5_y1"), Cell("q95_y1"));
        }

        Assert.True(File.Exists(Path.Combine(_folder, "pred.png")) && File.Exists(Path.Combine(_folder, "pred.svg")));
    }

    [Fact]
    public void ABadDataFileOrAnEditedDrawsFileLeavesNothingBehind()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "30", "--noise", "0.2", "--seed", "3", "--out", data).Code);
        var run = Path.Combine(_folder, "run");
        Assert.Equal(0, CliTests.Run("sample", "--data", data, "--model", "1-2-1", "--noise", "0.2", "--chains", "1", "--warmup", "50", "--draws", "20", "--out", run).Code);
        var inputs = Path.Combine(_folder, "x.csv");
        File.WriteAllText(inputs, "x1\n0.1\n0.5\n");
        var output = Path.Combine(_folder, "p.csv");

        var (code, _, error) = CliTests.Run("predict", "--draws", run, "--inputs", inputs, "--out", output, "--data", Path.Combine(_folder, "nope.csv"));
        Assert.Equal(2, code);
        Assert.Contains("nope.csv: file not found", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));

        var chain = Path.Combine(run, "chain-1.csv");
        File.WriteAllText(chain, File.ReadAllText(chain).Replace("bfe_architecture = 1-2-1", "bfe_architecture = 1-3-1", StringComparison.Ordinal));
        (code, _, error) = CliTests.Run("predict", "--draws", run, "--inputs", inputs, "--out", output);
        Assert.Equal(2, code);
        Assert.Contains("parameter columns do not match its architecture 1-3-1", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void RefusesAFolderWithoutDraws()
    {
        var (code, _, error) = CliTests.Run("predict", "--draws", _folder, "--inputs", "x.csv", "--out", Path.Combine(_folder, "p.csv"));
        Assert.Equal(2, code);
        Assert.Contains("holds no chain-N.csv draws files", error, StringComparison.Ordinal);
    }
}

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-compare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void RanksModelsByFreeEnergy()
    {
        var data = Path.Combine(_folder, "data.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "80", "--noise", "0.1", "--seed", "1", "--out", data).Code);
        foreach (var model in new[] { "1-1", "1-3-1" })
        {
            Assert.Equal(0, CliTests.Run("freeenergy", "--data", data, "--model", model, "--noise", "0.1", "--rungs", "8", "--chains", "1",
                "--warmup", "150", "--draws", "150", "--out", Path.Combine(_folder, model)).Code);
        }

        var (code, stdout, error) = CliTests.Run("compare", Path.Combine(_folder, "1-1"), Path.Combine(_folder, "1-3-1"), "--json");
        Assert.Equal("", error);
        Assert.Equal(0, code);
        using var report = System.Text.Json.JsonDocument.Parse(stdout);
        var models = report.RootElement.GetProperty("models");
        Assert.Equal("1-3-1", models[0].GetProperty("model").GetString()); // a kinked teacher beats a straight line by far
        Assert.True(models[1].GetProperty("delta_free_energy").GetDouble() > 10);

        var (missing, _, message) = CliTests.Run("compare", Path.Combine(_folder, "1-1"), _folder);
        Assert.Equal(2, missing);
        Assert.Contains("freeenergy.json", message, StringComparison.Ordinal);

        var (twice, _, why) = CliTests.Run("compare", Path.Combine(_folder, "1-1"), Path.Combine(_folder, "1-1"));
        Assert.Equal(2, twice);
        Assert.Contains("listed twice", why, StringComparison.Ordinal);

        // Another data set of the same size: the free energies are of different data, and the comparison is refused.
        var other = Path.Combine(_folder, "other.csv");
        Assert.Equal(0, CliTests.Run("data", "--teacher", "1-2-1", "--n", "80", "--noise", "0.1", "--seed", "2", "--out", other).Code);
        Assert.Equal(0, CliTests.Run("freeenergy", "--data", other, "--model", "1-1", "--noise", "0.1", "--rungs", "4", "--chains", "1",
            "--warmup", "50", "--draws", "50", "--out", Path.Combine(_folder, "other")).Code);
        var (different, _, reason) = CliTests.Run("compare", Path.Combine(_folder, "1-3-1"), Path.Combine(_folder, "other"));
        Assert.Equal(2, different);
        Assert.Contains("different data", reason, StringComparison.Ordinal);
    }
}
