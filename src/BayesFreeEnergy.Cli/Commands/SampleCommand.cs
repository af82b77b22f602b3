using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe sample</c>: posterior draws at any temperature, or over a replica-exchange ladder, in CmdStan's CSV layout.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var sampler = new SamplerOptions();
        var beta = new Option<double>("--beta") { Description = "Inverse temperature in [0, 1]", DefaultValueFactory = _ => 1 };
        var rungs = new Option<int?>("--rungs") { Description = "Replica exchange over the ladder beta_j = (j/(K-1))^5, j = 0..K-1" };
        var betas = new Option<string?>("--betas") { Description = "Replica exchange over these comma-separated increasing betas" };
        var swapInterval = new Option<int>("--swap-interval") { Description = "Iterations between replica swaps", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Output folder for chain-*.csv, posterior.zarr (ArviZ InferenceData) and summary.json", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout" };
        var command = new Command("sample", "Sample the tempered posterior of a network on your data (NUTS, HMC, RWM, SGLD, replica exchange)");
        model.AddTo(command);
        sampler.AddTo(command);
        command.Add(beta);
        command.Add(rungs);
        command.Add(betas);
        command.Add(swapInterval);
        command.Add(output);
        command.Add(json);
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out var dataPath);
            var ladder = Ladder(parse.GetValue(rungs), parse.GetValue(betas));
            var settings = sampler.Build(parse, built.Architecture, parse.GetValue(beta));
            SamplerOptions.Check(settings, built.Dimension, built.DataCount);
            var folder = parse.GetValue(output)!;
            var description = RunDescription.For(built, dataPath);
            var stdout = parse.InvocationConfiguration.Output;
            return ladder is null
                ? Single(built, settings, folder, description, parse.GetValue(json), stdout, cancellation)
                : Ladder(built, ladder, settings, parse.GetValue(swapInterval), folder, description, parse.GetValue(json), stdout, cancellation);
        })));
        return command;
    }

    private static double[]? Ladder(int? rungs, string? betas)
    {
        if (rungs is not null && betas is not null)
        {
            throw new UsageException("give either --rungs or --betas, not both");
        }

        if (rungs is { } k)
        {
            double[] ladder = [];
            CommandGuard.Named(() => ladder = ReplicaExchangeSampler.PowerLadder(k), new Dictionary<string, string> { ["rungs"] = "--rungs" });
            return ladder;
        }

        if (betas is null)
        {
            return null;
        }

        var values = betas.Split(',', StringSplitOptions.TrimEntries).Select(v =>
            double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) ? b : throw new UsageException($"--betas: '{v}' is not a number")).ToArray();
        return values;
    }

    /// <summary>The ArviZ InferenceData store of the posterior's chains, beside their CSV files.</summary>
    public const string InferenceDataFolder = "posterior.zarr";

    private static int Single(GaussianRegressionModel model, SamplerSettings settings, string folder, RunDescription description, bool json,
        TextWriter stdout, CancellationToken cancellation)
    {
        var labels = Enumerable.Range(1, settings.Chains).Select(c => $"chain {c}").ToArray();
        var result = ProgressDisplay.Run(labels, settings.Warmup + settings.Draws, tick => SamplingService.Run(model, settings, tick, cancellation));
        var diagnostics = RunDiagnostics.Compute(result.Chains, settings.Algorithm == SamplerAlgorithm.Nuts ? settings.MaxTreeDepth : null);
        var files = result.Chains.Select(chain =>
        {
            var file = $"chain-{chain.Chain}.csv";
            CmdStanCsvWriter.Write(Path.Combine(folder, file), chain, settings, description);
            return file;
        }).ToArray();
        InferenceDataWriter.Write(Path.Combine(folder, InferenceDataFolder), result.Chains, model.Architecture, model.Data, model.Noise, settings.Seed);
        var summary = RunSummary.Create("sample", description, settings, result.WallSeconds, diagnostics, [.. files, InferenceDataFolder], ladder: null);
        RunSummary.Write(Path.Combine(folder, "summary.json"), summary);
        Report(summary, diagnostics, folder, json, stdout);
        return 0;
    }

    private static int Ladder(GaussianRegressionModel model, double[] ladder, SamplerSettings settings, int swapInterval, string folder,
        RunDescription description, bool json, TextWriter stdout, CancellationToken cancellation)
    {
        var labels = Enumerable.Range(1, settings.Chains).Select(c => $"ladder {c} ({ladder.Length} rungs)").ToArray();
        var result = ProgressDisplay.Run(labels, ladder.Length * (settings.Warmup + settings.Draws),
            tick => ReplicaExchangeSampler.Run(model, ladder, settings, swapInterval, tick, cancellation));
        var top = result.Rungs[^1];
        var diagnostics = RunDiagnostics.Compute(top, settings.Algorithm == SamplerAlgorithm.Nuts ? settings.MaxTreeDepth : null);
        var width = ladder.Length.ToString(CultureInfo.InvariantCulture).Length;
        var files = new List<string>();
        // The posterior's chains (beta = 1) go where readers look for a fit, chain-C.csv; every other rung goes to rungs/,
        // so that cmdstanpy or ArviZ reading the folder do not mix temperatures into one fit.
        for (var j = 0; j < ladder.Length; j++)
        {
            foreach (var chain in result.Rungs[j])
            {
                var file = ladder[j] == 1 ? $"chain-{chain.Chain}.csv"
                    : Path.Combine("rungs", $"chain-{chain.Chain}-rung-{(j + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}.csv");
                CmdStanCsvWriter.Write(Path.Combine(folder, file), chain, settings with { Beta = ladder[j] }, description);
                files.Add(file);
            }
        }

        InferenceDataWriter.Write(Path.Combine(folder, InferenceDataFolder), top, model.Architecture, model.Data, model.Noise, settings.Seed);
        files.Add(InferenceDataFolder);
        var summary = RunSummary.Create("sample", description, settings, result.WallSeconds, diagnostics, [.. files], result);
        RunSummary.Write(Path.Combine(folder, "summary.json"), summary);
        Report(summary, diagnostics, folder, json, stdout);
        return 0;
    }

    private static void Report(RunSummary summary, RunDiagnostics diagnostics, string folder, bool json, TextWriter stdout)
    {
        if (json)
        {
            JsonOutput.Write(stdout, summary);
            return;
        }

        var console = Terminal.For(stdout);
        var chains = new Table().Border(TableBorder.Simple).Title("chains")
            .AddColumns("chain", "step size", "accept", "divergent", "max depth hits", "E-BFMI", "leapfrogs", "warm-up s", "sampling s");
        foreach (var c in diagnostics.Chains)
        {
            chains.AddRow(c.Chain.ToString(CultureInfo.InvariantCulture), Terminal.Number(c.StepSize), c.MeanAcceptStat.ToString("0.000", CultureInfo.InvariantCulture),
                c.Divergences.ToString(CultureInfo.InvariantCulture), c.MaxTreeDepthHits.ToString(CultureInfo.InvariantCulture), c.Ebfmi.ToString("0.00", CultureInfo.InvariantCulture),
                c.LeapfrogSteps.ToString(CultureInfo.InvariantCulture), c.WarmupSeconds.ToString("0.0", CultureInfo.InvariantCulture), c.SamplingSeconds.ToString("0.0", CultureInfo.InvariantCulture));
        }

        console.Write(chains);
        var variables = new Table().Border(TableBorder.Simple).Title("posterior (first rows; all in summary.json)")
            .AddColumns("variable", "mean", "sd", "q5", "q95", "mcse", "ess_bulk", "ess_tail", "rhat");
        foreach (var v in diagnostics.Variables.Take(12))
        {
            variables.AddRow(v.Variable, Terminal.Number(v.Mean), Terminal.Number(v.Sd), Terminal.Number(v.Q5), Terminal.Number(v.Q95), Terminal.Number(v.McseMean),
                v.EssBulk.ToString("0", CultureInfo.InvariantCulture), v.EssTail.ToString("0", CultureInfo.InvariantCulture), v.Rhat.ToString("0.000", CultureInfo.InvariantCulture));
        }

        console.Write(variables);
        foreach (var warning in diagnostics.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        if (summary.SwapRates is { } rates)
        {
            console.MarkupLine($"swap acceptance between neighbouring rungs: {string.Join(", ", rates.Select(r => r.ToString("0.00", CultureInfo.InvariantCulture)))}");
        }

        console.MarkupLineInterpolated($"Wrote {summary.Files.Count} draws files and summary.json to [bold]{folder}[/] in {summary.WallSeconds:0.0} s");
    }
}
