using BayesFreeEnergy.Tests.Cli;

namespace BayesFreeEnergy.Tests.Experiments;

/// <summary>
/// <c>bfe reproduce</c> over the committed results of the built-in experiment (TestData/reproduce, one full run of
/// it): every run is found finished, so the command only reports. Regenerate the folder with <c>bfe reproduce</c>
/// whenever examples/reproduce.json changes; the hash check makes this test fail until then.
/// </summary>
public sealed class ReproduceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-reproduce-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ReproduceResumesTheBuiltInExperimentAndReports()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "TestData", "reproduce");
        foreach (var file in Directory.EnumerateFiles(source, "*.json", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var (code, output, error) = CliTests.Run("reproduce", "--out", _folder);
        Assert.True(code == 0, error);
        Assert.Contains("0 runs finished now, 45 were already done, 0 failed", output, StringComparison.Ordinal);
        Assert.Contains("1-6-6-6-1", output, StringComparison.Ordinal);
        // One conclusion per model, and every unreliable estimate with its first reason.
        Assert.Equal(5, output.Split('\n').Count(line => line.Contains(": consistent with", StringComparison.Ordinal)
            || line.Contains(": no estimate passed", StringComparison.Ordinal)));
        Assert.Contains("unreliable:", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "report.html")));
        // The kept variational comparison (45 runs) is reported, not fitted again.
        Assert.Contains("<h2>Variational Bayes beside MCMC</h2>", File.ReadAllText(Path.Combine(_folder, "report.html")), StringComparison.Ordinal);
        Assert.Equal(45 + 1, File.ReadAllLines(Path.Combine(_folder, "runs.csv")).Length);
    }
}
