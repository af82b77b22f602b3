using System.Text.Json;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Cli;

/// <summary>A parameter vector from a file: a JSON array of d numbers in the flat layout, or a teacher/network JSON file of the model's architecture.</summary>
internal static class PointFile
{
    public static double[] Read(string path, Architecture architecture)
    {
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, "file not found");
        }

        var text = File.ReadAllText(path).TrimStart();
        if (text.StartsWith('['))
        {
            double[] values;
            try
            {
                values = JsonSerializer.Deserialize<double[]>(text) ?? [];
            }
            catch (JsonException e)
            {
                throw new DataFileException(path, (int)(e.LineNumber ?? -1) + 1, "is not a JSON array of numbers", e);
            }

            return values.Length == architecture.ParameterCount
                ? values
                : throw new DataFileException(path, 0, $"has {values.Length} numbers; architecture {architecture} has {architecture.ParameterCount} parameters");
        }

        var network = TeacherFile.Read(path, out _);
        return network.Architecture.Equals(architecture)
            ? network.Parameters.ToArray()
            : throw new DataFileException(path, 0, $"holds a {network.Architecture} network; the model is {architecture}");
    }
}
