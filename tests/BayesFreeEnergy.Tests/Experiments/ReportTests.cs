using BayesFreeEnergy.Experiments;
using BayesFreeEnergy.Tests.Cli;

namespace BayesFreeEnergy.Tests.Experiments;

/// <summary>
/// The report generator on a committed results folder (TestData/sweep-tiny: the tiny experiment of
/// <see cref="ExperimentFileTests.Tiny"/>, made with <c>bfe sweep</c>), so a change that breaks reading old results
/// or any part of the report fails here.
/// </summary>
public sealed class ReportTests : IDisposable
{
    private static readonly string Results = Path.Combine(AppContext.BaseDirectory, "TestData", "sweep-tiny");

    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-report-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheCommittedResultsAreOfTheTinyExperiment()
    {
        var folder = SweepFolder.Open(Results);
        Assert.Equal(ExperimentFile.Parse(ExperimentFileTests.Tiny, "tiny.json").Hash(), folder.Hash);
        Assert.Equal(8, folder.ReadResults().Count);
    }

    [Fact]
    public void ReportWritesEveryFile()
    {
        var (code, output, error) = CliTests.Run("report", Results, "--out", _folder);
        Assert.True(code == 0, error);
        Assert.Contains("report.html", output, StringComparison.Ordinal);
        var plots = new[] { "lambda-depth", "lambda-d", "free-energy", "generalization", "bayes-vs-map", "waic", "trace-1-2-1", "rank-1-2-1", "trace-1-3-1", "rank-1-3-1" };
        foreach (var plot in plots)
        {
            Assert.True(new FileInfo(Path.Combine(_folder, plot + ".png")).Length > 10_000, plot + ".png");
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(_folder, plot + ".svg")), StringComparison.Ordinal);
        }

        var html = File.ReadAllText(Path.Combine(_folder, "report.html"));
        Assert.Equal(plots.Length, CountOf(html, "src=\"data:image/png;base64,"));
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.Equal(8 + 1, File.ReadAllLines(Path.Combine(_folder, "runs.csv")).Length);
        Assert.DoesNotContain('\r', File.ReadAllText(Path.Combine(_folder, "runs.csv")));
        Assert.Equal(2 + 1, File.ReadAllLines(Path.Combine(_folder, "lambda.csv")).Length);
        Assert.Equal(4 + 1, File.ReadAllLines(Path.Combine(_folder, "by-size.csv")).Length);
    }

    [Fact]
    public void TheTablesAgreeWithTheResults()
    {
        var folder = SweepFolder.Open(Results);
        var results = folder.ReadResults();
        var summary = ExperimentSummary.Compute(folder.Experiment, results);
        Assert.Empty(summary.MissingRuns);
        foreach (var model in summary.Models)
        {
            Assert.Equal(model.D / 2.0, model.DHalf);
            Assert.Equal(2.5, model.LambdaRelu);
            var largest = results.Where(r => r.Model == model.Model && r.N == 100).ToList();
            Assert.Equal(largest.Average(r => r.FreeEnergy.LambdaWbic2.Value), model.LambdaWbic2.Value, 12);
            Assert.Equal(largest.Average(r => r.FreeEnergy.Teacher!.NG.Value), model.LambdaNG.Value, 12);
            Assert.False(string.IsNullOrWhiteSpace(model.Conclusion));

            // Two seeds: a standard error from their scatter has one degree of freedom, so no mean over them is trusted.
            Assert.All(new[] { model.LambdaWbic2, model.LambdaVariance, model.LambdaNG, model.LambdaSlope! },
                e => Assert.Contains(e.Reasons, r => r.StartsWith("a mean over 2 data sets", StringComparison.Ordinal)));
        }

        var row = summary.Runs[0];
        var result = results[0];
        Assert.Equal(result.FreeEnergy.SteppingStone.Value - (result.N * result.FreeEnergy.Teacher!.Sn), row.FreeEnergyMinusNSn.Value, 9);
        Assert.Equal(row.Flags.Count == 0, row.Passed);
        var f = result.FreeEnergy;
        Assert.Equal(f.SteppingStone.Reasons.Concat(f.LambdaWbic2.Reasons).Concat(f.LambdaVariance.Reasons).Distinct(),
            row.Flags.Where(flag => !flag.EndsWith("divergent", StringComparison.Ordinal)));
    }

    [Fact]
    public void ShardFoldersReportAsOneAndMergeIntoOne()
    {
        // Split the committed runs into two shard folders, then report over both and merge them.
        var folder = SweepFolder.Open(Results);
        var shards = new[] { Path.Combine(_folder, "a"), Path.Combine(_folder, "b") };
        foreach (var (path, k) in shards.Select((p, i) => (p, i + 1)))
        {
            var shard = SweepFolder.Create(path, folder.Experiment);
            foreach (var result in folder.ReadResults().Where(r => Sweep.Shard(folder.Experiment.Runs(), k, 2).Any(run => run.Id == r.Id)))
            {
                shard.Write(result);
            }
        }

        Assert.Equal(0, CliTests.Run("report", shards[0], shards[1], "--out", Path.Combine(_folder, "report")).Code);
        Assert.Equal(File.ReadAllText(Path.Combine(_folder, "report", "runs.csv")), Report(Results));
        var (code, output, _) = CliTests.Run("merge", shards[0], shards[1], "--out", Path.Combine(_folder, "merged"));
        Assert.Equal(0, code);
        Assert.Contains("8 of 8 runs are done", output, StringComparison.Ordinal);
        Assert.Equal(8, SweepFolder.Open(Path.Combine(_folder, "merged")).ReadResults().Count);

        // A shard holding another result for a run the first also has: neither may silently win.
        var first = folder.ReadResults()[0];
        var other = SweepFolder.Create(Path.Combine(_folder, "c"), folder.Experiment);
        other.Write(first with { FreeEnergy = first.FreeEnergy with { SteppingStone = first.FreeEnergy.SteppingStone with { Value = first.FreeEnergy.SteppingStone.Value + 1 } } });
        var (conflict, _, error) = CliTests.Run("merge", Path.Combine(_folder, "merged"), Path.Combine(_folder, "c"), "--out", Path.Combine(_folder, "merged2"));
        Assert.Equal(2, conflict);
        Assert.Contains($"different result for run {first.Id}", error, StringComparison.Ordinal);
        Assert.Equal(0, CliTests.Run("merge", shards[0], Path.Combine(_folder, "merged"), "--out", Path.Combine(_folder, "merged3")).Code); // identical copies merge
    }

    [Fact]
    public void ReportRefusesAFolderWithoutResults()
    {
        var (code, _, error) = CliTests.Run("report", _folder);
        Assert.Equal(2, code);
        Assert.Contains("experiment.json: not found", error, StringComparison.Ordinal);
    }

    private string Report(string results)
    {
        var output = Path.Combine(_folder, "single");
        Assert.Equal(0, CliTests.Run("report", results, "--out", output).Code);
        return File.ReadAllText(Path.Combine(output, "runs.csv"));
    }

    private static int CountOf(string text, string pattern) =>
        (text.Length - text.Replace(pattern, "", StringComparison.Ordinal).Length) / pattern.Length;
}
