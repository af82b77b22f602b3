using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Cli;

/// <summary>Interprets <c>--teacher</c>: a path to a teacher JSON file, or an architecture string such as <c>1-3-1</c>.</summary>
internal static class TeacherOption
{
    public static bool IsFile(string value) =>
        value.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || File.Exists(value);

    /// <summary>The teacher's architecture, and its weights when the option names a file.</summary>
    public static (Architecture Architecture, Network? Weights, double? Noise) Resolve(string value, Activation activation)
    {
        if (IsFile(value))
        {
            var network = TeacherFile.Read(value, out var noise);
            return (network.Architecture, network, noise);
        }

        return (Architecture.Parse(value, activation), null, null);
    }
}
