using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace BayesFreeEnergy.Data;

/// <summary>
/// Reads and writes data sets as CSV: one row per data point, the M input columns first, then the N
/// output columns, with an optional header (written as <c>x1..xM,y1..yN</c>).
/// </summary>
public static class CsvDataFile
{
    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = false,
        IgnoreBlankLines = true,
        TrimOptions = TrimOptions.Trim,
        DetectColumnCountChanges = false,
    };

    /// <summary>
    /// How every CSV the tool writes is laid out: invariant culture and LF line ends, as the CmdStan draws files have, so
    /// all outputs end lines alike (CsvHelper's default is CRLF).
    /// </summary>
    public static CsvConfiguration Writing { get; } = new(CultureInfo.InvariantCulture) { NewLine = "\n" };

    /// <summary>
    /// Reads a data set whose rows hold <paramref name="inputWidth"/> inputs followed by <paramref name="outputWidth"/> outputs.
    /// A first row with any non-numeric cell is taken as the header.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing or empty, a row is ragged, a cell is not a finite number,
    /// or the column count does not match the architecture; the message names the file and line.</exception>
    public static Dataset Read(string path, int inputWidth, int outputWidth, string? architectureName = null)
    {
        var shape = architectureName is null
            ? $"{inputWidth} input + {outputWidth} output"
            : $"{inputWidth} input + {outputWidth} output for architecture {architectureName}";
        var values = ReadRows(path, inputWidth + outputWidth, shape);
        var width = inputWidth + outputWidth;
        var rows = values.Length / width;
        var inputs = new double[rows * inputWidth];
        var targets = new double[rows * outputWidth];
        for (var r = 0; r < rows; r++)
        {
            values.AsSpan(r * width, inputWidth).CopyTo(inputs.AsSpan(r * inputWidth));
            values.AsSpan((r * width) + inputWidth, outputWidth).CopyTo(targets.AsSpan(r * outputWidth));
        }

        return new Dataset(inputs, inputWidth, targets, outputWidth);
    }

    /// <summary>Reads inputs only (prediction points): rows of <paramref name="inputWidth"/> numbers, row-major; same checks as <see cref="Read"/>.</summary>
    public static double[] ReadInputs(string path, int inputWidth) => ReadRows(path, inputWidth, $"{inputWidth} input");

    private static double[] ReadRows(string path, int expected, string shape)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, Directory.Exists(path) ? "is a folder, not a data file" : "file not found");
        }

        var values = new List<double>();
        try
        {
            using var reader = new StreamReader(path);
            using var parser = new CsvParser(reader, Configuration);
            var first = true;
            while (parser.Read())
            {
                var record = parser.Record ?? [];
                var line = parser.RawRow;
                if (first && record.Any(cell => !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    first = false;
                    if (record.Length != expected)
                    {
                        throw new DataFileException(path, line, $"header has {record.Length} columns, expected {expected} ({shape})");
                    }

                    continue;
                }

                first = false;
                if (record.Length != expected)
                {
                    throw new DataFileException(path, line, $"row has {record.Length} columns, expected {expected} ({shape})");
                }

                for (var c = 0; c < record.Length; c++)
                {
                    if (!double.TryParse(record[c], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        throw new DataFileException(path, line, $"column {c + 1} ('{record[c]}') is not a number");
                    }

                    if (!double.IsFinite(value))
                    {
                        throw new DataFileException(path, line, $"column {c + 1} is {record[c]}; values must be finite");
                    }

                    values.Add(value);
                }
            }
        }
        catch (IOException e)
        {
            throw new DataFileException(path, 0, $"cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DataFileException(path, 0, $"cannot be read: {e.Message}", e);
        }
        catch (CsvHelperException e)
        {
            throw new DataFileException(path, e.Context?.Parser?.RawRow ?? 0, $"is not valid CSV: {e.Message.Split('\n')[0]}", e);
        }

        return values.Count > 0 ? [.. values] : throw new DataFileException(path, 0, "contains no data rows");
    }

    /// <summary>Writes <paramref name="data"/> with the header <c>x1..xM,y1..yN</c>, atomically, with round-trip precision.</summary>
    public static void Write(string path, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        AtomicFile.Write(path, writer =>
        {
            using var csv = new CsvWriter(writer, Writing, leaveOpen: true);
            for (var i = 1; i <= data.InputWidth; i++)
            {
                csv.WriteField($"x{i}");
            }

            for (var o = 1; o <= data.OutputWidth; o++)
            {
                csv.WriteField($"y{o}");
            }

            csv.NextRecord();
            for (var s = 0; s < data.Count; s++)
            {
                foreach (var value in data.Input(s))
                {
                    csv.WriteField(value.ToString("R", CultureInfo.InvariantCulture));
                }

                foreach (var value in data.Target(s))
                {
                    csv.WriteField(value.ToString("R", CultureInfo.InvariantCulture));
                }

                csv.NextRecord();
            }
        });
    }
}
