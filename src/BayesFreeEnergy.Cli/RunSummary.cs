using BayesFreeEnergy.Data;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;

namespace BayesFreeEnergy.Cli;

/// <summary>The JSON summary of a sampling run (summary.json): settings, seed, timings, diagnostics and warnings.</summary>
internal sealed record RunSummary(
    string Command,
    string Model,
    string DataFile,
    IReadOnlyDictionary<string, string> ModelDetails,
    SamplerSettings Settings,
    double WallSeconds,
    IReadOnlyList<string> Files,
    IReadOnlyList<ChainDiagnostics> Chains,
    IReadOnlyList<VariableSummary> Variables,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<double>? Betas,
    IReadOnlyList<double>? SwapRates,
    int? SwapInterval)
{
    public static RunSummary Create(string command, RunDescription description, SamplerSettings settings, double wallSeconds,
        RunDiagnostics diagnostics, IReadOnlyList<string> files, ReplicaExchangeResult? ladder)
    {
        var warnings = diagnostics.Warnings.ToList();
        if (ladder is not null)
        {
            warnings.AddRange(ladder.SwapRates.Select((rate, j) => (rate, j)).Where(p => p.rate < 0.1)
                .Select(p => $"swap acceptance between rungs {p.j + 1} and {p.j + 2} (beta {ladder.Betas[p.j]:G3} and {ladder.Betas[p.j + 1]:G3}) is {p.rate:0.00}: add rungs there"));
        }

        return new RunSummary(command, description.Model, description.DataFile, description.Extra, settings, wallSeconds, files,
            diagnostics.Chains, diagnostics.Variables, warnings, ladder?.Betas, ladder?.SwapRates, ladder?.SwapInterval);
    }

    public static void Write(string path, RunSummary summary) =>
        AtomicFile.Write(path, writer => JsonOutput.Write(writer, summary));
}
