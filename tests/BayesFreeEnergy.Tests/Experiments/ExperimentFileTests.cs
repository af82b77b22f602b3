using BayesFreeEnergy.Data;
using BayesFreeEnergy.Experiments;

namespace BayesFreeEnergy.Tests.Experiments;

public sealed class ExperimentFileTests
{
    internal const string Tiny = """
        {
          "name": "tiny",
          "teacher": { "architecture": "1-2-1", "seed": 3 },
          "noise": 0.1,
          "models": ["1-2-1", "1-3-1"],
          "sample_sizes": [50, 100],
          "data_seeds": [1, 2],
          "sampler": { "chains": 2, "warmup": 100, "draws": 100 },
          "ladder": { "rungs": 6 },
          "estimators": { "test_points": 500, "map_restarts": 2, "map_steps": 300 }
        }
        """;

    private static string Error(string json) => Assert.Throws<DataFileException>(() => ExperimentFile.Parse(json, "exp.json")).Message;

    [Fact]
    public void TheBuiltInExperimentAndTheExampleParse()
    {
        var builtIn = BuiltInExperiments.Reproduce();
        Assert.Equal(45, builtIn.Runs().Count);
        Assert.Equal("1-3-1", builtIn.Teacher.Architecture.ToString());
        var example = ExperimentFile.Read(Path.Combine(RepositoryRoot(), "examples", "experiment.json"));
        Assert.NotEmpty(example.Runs());
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", "reproduce.json")), BuiltInExperiments.ReproduceJson);
    }

    [Fact]
    public void TheCanonicalFileReadsBackToTheSameExperiment()
    {
        var experiment = ExperimentFile.Parse(Tiny, "tiny.json");
        var again = ExperimentFile.Parse(ExperimentFile.ToJson(experiment), "canonical.json");
        Assert.Equal(experiment.Hash(), again.Hash());
        Assert.Equal(experiment.Teacher.Parameters.ToArray(), again.Teacher.Parameters.ToArray());
        Assert.Equal(8, again.Runs().Count);
    }

    [Fact]
    public void AnyChangedSettingChangesTheHash()
    {
        var hash = ExperimentFile.Parse(Tiny, "tiny.json").Hash();
        Assert.NotEqual(hash, ExperimentFile.Parse(Tiny.Replace("\"draws\": 100", "\"draws\": 101", StringComparison.Ordinal), "x").Hash());
        Assert.NotEqual(hash, ExperimentFile.Parse(Tiny.Replace("\"seed\": 3", "\"seed\": 4", StringComparison.Ordinal), "x").Hash());
        Assert.Equal(hash, ExperimentFile.Parse(Tiny.Replace("\n", "\n  ", StringComparison.Ordinal), "x").Hash());
    }

    [Theory]
    [InlineData("\"draws\": 100", "\"drawz\": 100", "unknown key 'sampler.drawz'")]
    [InlineData("\"name\": \"tiny\"", "\"nmae\": \"tiny\"", "unknown key 'nmae'")]
    [InlineData("\"seed\": 3", "\"seed\": 3, \"colour\": 1", "unknown key 'teacher.colour'")]
    public void UnknownKeysAreRefusedByName(string from, string to, string expected) =>
        Assert.Contains(expected, Error(Tiny.Replace(from, to, StringComparison.Ordinal)), StringComparison.Ordinal);

    [Theory]
    [InlineData("\"1-3-1\"]", "\"1-0-1\"]", "models[1]: architecture '1-0-1': width 2 is 0")]
    [InlineData("\"1-3-1\"]", "\"1-3-x\"]", "models[1]: architecture '1-3-x'")]
    [InlineData("\"1-3-1\"]", "\"1-1-1\"]", "models[1] = 1-1-1 cannot represent the teacher 1-2-1: H_k >= H*_k")]
    [InlineData("\"1-3-1\"]", "\"1-1\"]", "models[1] = 1-1 cannot represent the teacher 1-2-1: depth L >= L*")]
    [InlineData("\"1-3-1\"]", "\"2-3-1\"]", "models[1] = 2-3-1 cannot represent the teacher 1-2-1: same input and output widths")]
    [InlineData("\"1-3-1\"]", "\"1-2-1\"]", "lists an architecture twice")]
    [InlineData("\"noise\": 0.1", "\"noise\": -1", "\"noise\" must be positive")]
    [InlineData("[50, 100]", "[5, 100]", "sample sizes of at least 10")]
    [InlineData("\"rungs\": 6", "\"rungs\": 2", "\"ladder.rungs\" must be at least 3")]
    [InlineData("\"architecture\": \"1-2-1\", \"seed\": 3", "\"file\": \"missing-teacher.json\"", "teacher file not found")]
    public void ImpossibleExperimentsAreRefusedWithTheReason(string from, string to, string expected)
    {
        var json = Tiny.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Tiny, json);
        Assert.Contains(expected, Error(json), StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyGivenTwiceIsRefused() =>
        Assert.Contains("duplicate", Error(Tiny.Replace("\"noise\": 0.1,", "\"noise\": 0.1, \"noise\": 0.2,", StringComparison.Ordinal)),
            StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void BrokenJsonNamesTheLine() =>
        Assert.Contains("exp.json, line 4", Error(Tiny.Replace("\"noise\": 0.1,", "\"noise\": 0.1,,", StringComparison.Ordinal)), StringComparison.Ordinal);

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "BayesFreeEnergy.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
