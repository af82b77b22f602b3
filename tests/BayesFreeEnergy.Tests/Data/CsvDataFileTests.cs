using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Tests.Data;

public sealed class CsvDataFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string content)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void RoundTripsExactly()
    {
        var data = new Dataset([0.1, -1.0 / 3, 1e-300, 2], 2, [Math.PI, -Math.E], 1);
        var path = Path.Combine(_folder, "data.csv");
        CsvDataFile.Write(path, data);
        Assert.StartsWith("x1,x2,y1", File.ReadAllText(path), StringComparison.Ordinal);
        var back = CsvDataFile.Read(path, 2, 1);
        Assert.Equal(data.Inputs.ToArray(), back.Inputs.ToArray());
        Assert.Equal(data.Targets.ToArray(), back.Targets.ToArray());
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void ReadsFilesWithoutHeader() =>
        Assert.Equal(2, CsvDataFile.Read(Write("1,2\n3,4\n"), 1, 1).Count);

    [Theory]
    [InlineData("x1,y1\n0.5,1\n0.2,1,3\n", 3, "row has 3 columns, expected 2 (1 input + 1 output for architecture 1-3-1)")]
    [InlineData("x1,y1\n0.5,abc\n", 2, "column 2 ('abc') is not a number")]
    [InlineData("x1,y1\n0.5,1\nNaN,1\n", 3, "column 1 is NaN; values must be finite")]
    [InlineData("x1,y1\n0.5,Infinity\n", 2, "column 2 is Infinity; values must be finite")]
    [InlineData("x1,x2,y1\n0.5,1,2\n", 1, "header has 3 columns, expected 2 (1 input + 1 output for architecture 1-3-1)")]
    [InlineData("0.5,1,2\n", 1, "row has 3 columns, expected 2 (1 input + 1 output for architecture 1-3-1)")]
    public void ReportsTheFileAndLineOfBadRows(string content, int line, string problem)
    {
        var path = Write(content);
        var e = Assert.Throws<DataFileException>(() => CsvDataFile.Read(path, 1, 1, "1-3-1"));
        Assert.Equal(line, e.Line);
        Assert.Equal($"{path}, line {line}: {problem}", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("x1,y1\n")]
    [InlineData("\n\n")]
    public void RejectsFilesWithoutData(string content)
    {
        var e = Assert.Throws<DataFileException>(() => CsvDataFile.Read(Write(content), 1, 1));
        Assert.Contains("contains no data rows", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAMissingFile()
    {
        var path = Path.Combine(_folder, "nope.csv");
        var e = Assert.Throws<DataFileException>(() => CsvDataFile.Read(path, 1, 1));
        Assert.Equal($"{path}: file not found", e.Message);
    }
}
