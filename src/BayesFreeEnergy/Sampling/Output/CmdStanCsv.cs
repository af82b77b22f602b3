using System.Globalization;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>A CmdStan CSV file read back: its configuration comments, adaptation results, timings and draws.</summary>
/// <param name="Config">Every <c># key = value</c> comment before the header (the innermost key; "(Default)" removed).</param>
/// <param name="Draws">The draws; per-layer parameter columns (W1.j.i, b1.j) come back as w.1 .. w.d in the flat layout (<see cref="ParameterNames"/>).</param>
/// <param name="StepSize">The adapted step size, if recorded.</param>
/// <param name="InverseMetric">The adapted diagonal inverse metric, if recorded.</param>
/// <param name="WarmupSeconds">Warm-up time, if recorded.</param>
/// <param name="SamplingSeconds">Sampling time, if recorded.</param>
public sealed record CmdStanCsv(IReadOnlyDictionary<string, string> Config, DrawTable Draws, double? StepSize,
    IReadOnlyList<double>? InverseMetric, double? WarmupSeconds, double? SamplingSeconds)
{
    /// <summary>Reads a CmdStan CSV file (ours or CmdStan's).</summary>
    /// <exception cref="Data.DataFileException">The file is missing, has no header, or a malformed row.</exception>
    public static CmdStanCsv Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new Data.DataFileException(path, 0, "draws file not found");
        }

        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        string[]? columns = null;
        var values = new List<double>();
        double? stepSize = null, warmup = null, sampling = null;
        double[]? metric = null;
        var expectMetric = false;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var comment = line.TrimStart('#').Trim();
                if (expectMetric)
                {
                    metric = [.. comment.Split(',').Select(v => Parse(v, path, lineNumber))];
                    expectMetric = false;
                }
                else if (comment.StartsWith("Step size = ", StringComparison.Ordinal))
                {
                    stepSize = Parse(comment["Step size = ".Length..], path, lineNumber);
                }
                else if (comment.StartsWith("Diagonal elements of inverse mass matrix", StringComparison.Ordinal))
                {
                    expectMetric = true;
                }
                else if (comment.Contains("seconds (Warm-up)", StringComparison.Ordinal))
                {
                    warmup = Parse(comment.Split(':')[1].Split("seconds")[0], path, lineNumber);
                }
                else if (comment.Contains("seconds (Sampling)", StringComparison.Ordinal))
                {
                    sampling = Parse(comment.Split("seconds")[0], path, lineNumber);
                }
                else if (columns is null && comment.Contains(" = ", StringComparison.Ordinal))
                {
                    var parts = comment.Split(" = ", 2);
                    config[parts[0].Trim()] = parts[1].Replace("(Default)", "", StringComparison.Ordinal).Trim();
                }

                continue;
            }

            if (columns is null)
            {
                columns = line.Split(',');
                if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    throw new Data.DataFileException(path, lineNumber, $"column '{twice.Key}' appears twice in the header");
                }

                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != columns.Length)
            {
                throw new Data.DataFileException(path, lineNumber, $"row has {cells.Length} values, the header has {columns.Length} columns");
            }

            foreach (var cell in cells)
            {
                values.Add(Parse(cell, path, lineNumber));
            }
        }

        if (columns is null)
        {
            throw new Data.DataFileException(path, 0, "has no header row; is it a CmdStan CSV file?");
        }

        // Per-layer parameter names (W1.j.i, b1.j) come back as the flat w.1 .. w.d the library works with.
        return new CmdStanCsv(config, ParameterNames.ToFlat(new DrawTable(columns, [.. values]), path), stepSize, metric, warmup, sampling);
    }

    private static double Parse(string text, string path, int line)
    {
        var value = text.Trim();
        switch (value)
        {
            case "inf" or "+inf" or "Inf":
                return double.PositiveInfinity;
            case "-inf" or "-Inf":
                return double.NegativeInfinity;
            case "nan" or "NaN" or "-nan":
                return double.NaN;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw new Data.DataFileException(path, line, $"'{value}' is not a number");
    }
}
