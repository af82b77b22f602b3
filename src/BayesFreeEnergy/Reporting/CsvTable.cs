using System.Globalization;
using BayesFreeEnergy.Data;
using CsvHelper;

namespace BayesFreeEnergy.Reporting;

/// <summary>A CSV table of results: a header row, then one row per record.</summary>
internal static class CsvTable
{
    /// <summary>Writes a header and rows (numbers round-trip, invariant culture); the file appears whole or not at all.</summary>
    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<object?[]> rows) =>
        AtomicFile.Write(path, writer =>
        {
            using var csv = new CsvWriter(writer, CsvDataFile.Writing, leaveOpen: true);
            foreach (var name in header)
            {
                csv.WriteField(name);
            }

            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell switch
                    {
                        null => "",
                        double v => v.ToString("R", CultureInfo.InvariantCulture),
                        bool b => b ? "true" : "false",
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => cell.ToString(),
                    });
                }

                csv.NextRecord();
            }
        });
}
