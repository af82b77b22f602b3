using System.Text.Json;
using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Cli;

/// <summary>Writes every <c>--json</c> output and summary file with the library's <see cref="JsonFormat"/> conventions.</summary>
internal static class JsonOutput
{
    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, JsonFormat.Options));
}
