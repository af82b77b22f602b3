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
    public void UserMistakesGiveAMessageAndExitCodeTwo(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("bfe: error: ", error, StringComparison.Ordinal);
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
