using System.Diagnostics;
using System.Text.Json;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Experiments;
using BayesFreeEnergy.Reporting;
using BayesFreeEnergy.Tests.Cli;

namespace BayesFreeEnergy.Tests.Experiments;

public sealed class SweepTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-sweep-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ExperimentDefinition Tiny => ExperimentFile.Parse(ExperimentFileTests.Tiny, "tiny.json");

    [Fact]
    public void ShardsPartitionTheRuns()
    {
        var runs = BuiltInExperiments.Reproduce().Runs();
        var shards = Enumerable.Range(1, 4).Select(k => Sweep.Shard(runs, k, 4)).ToList();
        Assert.Equal(runs.Count, shards.Sum(s => s.Count));
        Assert.Equal(runs.Select(r => r.Id).Order(), shards.SelectMany(s => s).Select(r => r.Id).Order());
        Assert.True(shards.Max(s => s.Count) - shards.Min(s => s.Count) <= 1);
        Assert.Throws<InvalidInputException>(() => Sweep.Shard(runs, 5, 4));
    }

    [Fact]
    public void AFolderOfAnotherExperimentIsRefused()
    {
        SweepFolder.Create(_folder, Tiny);
        var changed = Tiny with { Draws = 101 };
        var error = Assert.Throws<DataFileException>(() => SweepFolder.Create(_folder, changed));
        Assert.Contains("different experiment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsDoNotDependOnHowManyRunAtOnceOrOnSharding()
    {
        var experiment = Tiny with { Models = [Tiny.Models[0]], SampleSizes = [50] };
        var one = SweepFolder.Create(Path.Combine(_folder, "one"), experiment);
        Sweep.Run(one, experiment.Runs(), jobs: 1);
        var shard = SweepFolder.Create(Path.Combine(_folder, "shard"), experiment);
        Sweep.Run(shard, Sweep.Shard(experiment.Runs(), 2, 2), jobs: 2);
        var shardResult = Assert.Single(shard.ReadResults());
        var same = one.ReadResults().Single(r => r.Id == shardResult.Id);
        Assert.Equal(WithoutTimes(same), WithoutTimes(shardResult));
    }

    [Fact]
    public void AKilledSweepResumesWithoutLosingOrRedoingFinishedRuns()
    {
        var file = Path.Combine(_folder, "tiny.json");
        File.WriteAllText(file, ExperimentFileTests.Tiny);
        var results = Path.Combine(_folder, "results");
        var runs = Path.Combine(results, SweepFolder.RunsFolderName);

        // Kill the sweep as soon as its first result appears, while other runs are in flight.
        using (var process = StartBfe("sweep", file, "--out", results, "--jobs", "1"))
        {
            var clock = Stopwatch.StartNew();
            while (!Finished(runs).Any() && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                Thread.Sleep(20);
            }

            if (process.HasExited)
            {
                Assert.Fail("the sweep ended before it could be killed: " + process.StandardError.ReadToEnd());
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var survivors = Finished(runs).ToDictionary(path => path, File.ReadAllBytes);
        Assert.InRange(survivors.Count, 1, Tiny.Runs().Count - 1);
        var folder = SweepFolder.Open(results);
        Assert.Equal(survivors.Count, folder.ReadResults().Count);

        var (code, output, error) = CliTests.Run("sweep", file, "--out", results, "--json");
        Assert.True(code == 0, error);
        Assert.Contains($"\"skipped\": {survivors.Count}", output, StringComparison.Ordinal);
        Assert.Equal(Tiny.Runs().Count, folder.ReadResults().Count);
        foreach (var (path, bytes) in survivors)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(runs), p => !p.EndsWith(".json", StringComparison.Ordinal) && !IsOrphan(p));
    }

    // The whole result file but for the two wall-clock times.
    private static string WithoutTimes(ExperimentRunResult result) =>
        JsonSerializer.Serialize(result with { WallSeconds = 0, FreeEnergy = result.FreeEnergy with { WallSeconds = 0 } }, JsonFormat.Options);

    // A temporary file can only be left if the kill landed inside AtomicFile's write; it is hidden and never read.
    private static bool IsOrphan(string path) => Path.GetFileName(path).StartsWith('.') && path.EndsWith(".tmp", StringComparison.Ordinal);

    private static IEnumerable<string> Finished(string runs) =>
        Directory.Exists(runs) ? Directory.EnumerateFiles(runs, "*.json").Where(p => !Path.GetFileName(p).StartsWith('.')) : [];

    private static Process StartBfe(params string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bfe.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start bfe");
    }
}
