using BayesFreeEnergy.Experiments;

namespace BayesFreeEnergy.Tests.Experiments;

public sealed class ScaleExperimentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-scale-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheBuiltInDefinitionParsesAndBadOnesAreRefusedByName()
    {
        var builtIn = ScaleExperiment.BuiltIn();
        Assert.Equal("2-4-3-2", builtIn.Teacher);
        Assert.Equal([ScaleCentre.Teacher], builtIn.Centres);
        Assert.Contains("2-320-320-2", builtIn.Students); // d = 104,322

        var narrow = Assert.Throws<BayesFreeEnergy.Data.DataFileException>(() => ScaleExperimentDefinition.Parse("""{ "teacher": "2-4-3-2", "students": ["2-3-3-2"] }""", "s.json"));
        Assert.Contains("at least as wide", narrow.Message, StringComparison.Ordinal);
        var typo = Assert.Throws<BayesFreeEnergy.Data.DataFileException>(() => ScaleExperimentDefinition.Parse("""{ "teacher": "2-4-3-2", "students": ["2-8-8-2"], "gama": 1 }""", "s.json"));
        Assert.Contains("gama", typo.Message, StringComparison.Ordinal);
        Assert.Throws<BayesFreeEnergy.Data.DataFileException>(() => ScaleExperimentDefinition.Parse("""{ "teacher": "2-4-3-2", "students": ["2-8-8-2"], "batch_size": 5000 }""", "s.json"));
    }

    [Fact]
    public void ReproduceScaleResumesTheCommittedResultsAndReports()
    {
        // TestData/reproduce-scale is the committed run of the built-in experiment (docs/scale.md): every row is found
        // finished, so the command only reports. Regenerate it with bfe reproduce --scale when the example file changes.
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "reproduce-scale", ScaleExperiment.ResultsFile), Path.Combine(_folder, ScaleExperiment.ResultsFile));
        var (code, output, error) = BayesFreeEnergy.Tests.Cli.CliTests.Run("reproduce", "--scale", "--out", _folder);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("at the embedded teacher (", error, StringComparison.Ordinal); // nothing measured again
        Assert.Contains("2-320-320-2", output, StringComparison.Ordinal);
        Assert.Contains("checks pass; above λ_ReLU", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "scale.png")));
    }

    [Fact]
    public void ReproduceScaleTakesNeitherFullNorShard()
    {
        var (code, _, error) = BayesFreeEnergy.Tests.Cli.CliTests.Run("reproduce", "--scale", "--full", "--out", _folder);
        Assert.Equal(BayesFreeEnergy.Cli.CommandGuard.UserError, code);
        Assert.Contains("--scale runs its own experiment", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, ScaleExperiment.ResultsFile)));
    }

    [Fact]
    public void RunsEachStudentAndCentreOnceResumesAndRefusesAnotherExperimentsFolder()
    {
        var definition = ScaleExperimentDefinition.Parse(
            """{ "teacher": "2-4-3-2", "students": ["2-5-4-2"], "centres": ["teacher", "trained"], "n": 200, "draws": 400, "gamma": 10 }""", "tiny.json");
        var started = 0;
        var rows = ScaleExperiment.Run(definition, _folder, (_, _, _) => started++);
        Assert.Equal(2, started);
        Assert.Equal([ScaleCentre.Teacher, ScaleCentre.Trained], rows.Select(r => r.Centre));
        Assert.All(rows, r =>
        {
            Assert.Equal((5 * 3) + (4 * 6) + (2 * 5), r.D);
            Assert.True(double.IsFinite(r.Llc.Value) && r.Llc.Value > 0, $"{r.Centre}: {r.Llc.Value}");
            Assert.Equal(14, r.LambdaRelu!.Value, 9); // lambda_ReLU of the 2-4-3-2 teacher
        });
        // The teacher is an exact minimum of the noiseless data's loss.
        Assert.True(rows[0].CenterNLn <= rows[1].CenterNLn + 1e-9);

        var again = ScaleExperiment.Run(definition, _folder, (_, _, _) => started++);
        Assert.Equal(2, started); // nothing measured twice
        Assert.Equal(rows.Select(r => r.Llc.Value), again.Select(r => r.Llc.Value));
        Assert.Equal(2, BayesFreeEnergy.Reporting.ScalePlot.Write(_folder, again).Count(File.Exists));

        Assert.Throws<InvalidInputException>(() => ScaleExperiment.Run(definition with { Draws = 800 }, _folder));
    }
}
