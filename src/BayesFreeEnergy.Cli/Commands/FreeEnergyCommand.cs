using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;
using BayesFreeEnergy.Theory;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe freeenergy</c>: one replica-exchange run over a ladder that also holds the WBIC temperatures, and from it
/// F_n by thermodynamic integration and stepping-stone, WBIC, two lambda estimators, WAIC and PSIS-LOO; with a teacher
/// also S_n, G_n, d/2 and lambda_ReLU.
/// </summary>
internal static class FreeEnergyCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var sampler = new SamplerOptions();
        var rungs = new Option<int>("--rungs") { Description = "Number K of ladder rungs beta_j = (j/(K-1))^p (the WBIC temperatures are added)", DefaultValueFactory = _ => 24 };
        var power = new Option<double>("--ladder-power") { Description = "Ladder exponent p: larger puts more rungs near beta = 0", DefaultValueFactory = _ => 5 };
        var adaptive = new Option<bool>("--adaptive-ladder")
        {
            Description = "Tune the ladder first so swap rejection is equal between all neighbouring rungs (non-reversible parallel tempering, Syed et al. 2022; two short rounds)",
        };
        var swapInterval = new Option<int>("--swap-interval") { Description = "Iterations between replica swaps", DefaultValueFactory = _ => 1 };
        var teacher = new Option<string?>("--teacher") { Description = "Teacher JSON (from bfe data): adds S_n, G_n, d/2 and lambda_ReLU" };
        var testPoints = new Option<int>("--test-points") { Description = "Fresh test points for G_n", DefaultValueFactory = _ => 5000 };
        var testData = new Option<string?>("--test") { Description = "Held-out data CSV: adds the held-out loss -(1/T) sum log p*(y|x)" };
        var output = new Option<string>("--out") { Description = "Output folder for freeenergy.json, rungs.csv and the ladder plots", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("freeenergy", "Estimate the free energy F_n (TI, stepping-stone, WBIC), lambda, WAIC and LOO from one replica-exchange run");
        model.AddTo(command);
        sampler.AddTo(command);
        foreach (var option in new Option[] { rungs, power, adaptive, swapInterval, teacher, testPoints, testData, output, json })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out var dataPath);
            var (k, p) = (parse.GetValue(rungs), parse.GetValue(power));
            CommandGuard.Named(() => ReplicaExchangeSampler.PowerLadder(k, p), new Dictionary<string, string> { ["rungs"] = "--rungs", ["power"] = "--ladder-power" });

            var settings = sampler.Build(parse, built.Architecture, 1) with { SaveLogLikelihood = true };
            SamplerOptions.Check(settings, built.Dimension, built.DataCount);
            var teacherNetwork = parse.GetValue(teacher) is { } path ? TeacherFile.Read(path, out _) : null;
            var labels = Enumerable.Range(1, settings.Chains).Select(c => $"ladder {c} ({k + 2} rungs)").ToArray();
            var ladder = parse.GetValue(adaptive)
                ? ProgressDisplay.Run(labels, FreeEnergyAnalysis.TuningIterations(k), tick => FreeEnergyAnalysis.Ladder(built, k, p, true, settings, tick, cancellation))
                : FreeEnergyAnalysis.Ladder(built, k, p, false, settings, cancellation: cancellation);
            var run = ProgressDisplay.Run(labels, ladder.Length * (settings.Warmup + settings.Draws),
                tick => ReplicaExchangeSampler.Run(built, ladder, settings, parse.GetValue(swapInterval), tick, cancellation));

            var heldOut = parse.GetValue(testData) is { } testPath
                ? CsvDataFile.Read(testPath, built.Architecture.InputWidth, built.Architecture.OutputWidth, built.Architecture.ToString())
                : null;
            var report = FreeEnergyAnalysis.Analyze(built, run, settings, teacherNetwork, parse.GetValue(testPoints), heldOut);
            var folder = parse.GetValue(output)!;
            FreeEnergyAnalysis.WriteRungs(Path.Combine(folder, "rungs.csv"), report);
            AtomicFile.Write(Path.Combine(folder, ModelComparison.ReportFile), writer => JsonOutput.Write(writer, report));

            // --log-lik: the posterior (beta = 1) chains as CmdStan CSV with log_lik columns and as InferenceData, the draws WAIC and LOO used,
            // where cmdstanpy, ArviZ and loo find them; the other rungs are not draws from the posterior and stay out.
            if (parse.GetValue(sampler.LogLik))
            {
                var description = RunDescription.For(built, dataPath);
                foreach (var chain in run.Rungs[^1])
                {
                    CmdStanCsvWriter.Write(Path.Combine(folder, $"chain-{chain.Chain}.csv"), chain, settings, description);
                }

                InferenceDataWriter.Write(Path.Combine(folder, SampleCommand.InferenceDataFolder), run.Rungs[^1], built.Architecture, built.Data, built.Noise, settings.Seed);
            }

            Reporting.LadderPlots.Write(folder, ladder, report.Integrand, run.SwapRates, report.Ti.Value);
            Print(report, parse.GetValue(json), parse.InvocationConfiguration.Output, folder);
            return 0;
        })));
        return command;
    }

    private static void Print(FreeEnergyReport report, bool json, TextWriter stdout, string folder)
    {
        if (json)
        {
            JsonOutput.Write(stdout, report);
            return;
        }

        var console = Terminal.For(stdout);
        console.MarkupLineInterpolated($"Model [bold]{report.Model}[/] (d = {report.D}), n = {report.N}, {report.Betas.Count} rungs, {report.RoundTrips} round trips prior-posterior-prior after warm-up, {report.WallSeconds:0.0} s");
        var table = new Table().Border(TableBorder.Simple).AddColumns("estimate", "value", "se", "verdict", "note");
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        void Row(params string[] cells) => table.AddRow([.. cells.Select(Markup.Escape)]);
        Row("F_n, stepping-stone (headline)", F(report.SteppingStone.Value), F(report.SteppingStone.StandardError), report.SteppingStone.Status, "");
        Row("F_n, thermodynamic integration", F(report.Ti.Value), F(report.Ti.StandardError), "",
            $"se includes the quadrature error {F(report.Ti.DiscretisationError)} (corrected trapezoid)");
        Row("WBIC", F(report.Wbic.Value), F(report.Wbic.StandardError), report.Wbic.Status, "beta = 1/log n");
        Row("lambda, two temperatures", F(report.LambdaWbic2.Value), F(report.LambdaWbic2.StandardError), report.LambdaWbic2.Status, "beta = 1/log n and 1.5/log n");
        Row("lambda, variance", F(report.LambdaVariance.Value), F(report.LambdaVariance.StandardError), report.LambdaVariance.Status, "beta^2 Var[n L_n] at 1/log n");
        Row("WAIC (loss scale)", F(report.Waic.Value), F(report.Waic.Se), "", $"elpd_waic {F(report.Waic.ElpdWaic)} +- {F(report.Waic.SeElpdWaic)}, p_waic {F(report.Waic.PWaic)}");
        Row("PSIS-LOO elpd_loo", F(report.Loo.Value), F(report.Loo.Se), "",
            $"p_loo {F(report.Loo.PLoo)}, max Pareto k {F(report.Loo.MaxParetoK)}, Monte Carlo SE {(report.Loo.McseElpdLoo is { } mcse ? F(mcse) : "NA (some k > 0.7)")}");
        if (report.Teacher is { } t)
        {
            Row("S_n (empirical entropy)", F(t.Sn), "", "", $"S = {F(t.S)}");
            Row("F_n - n S_n (stepping-stone)", F(t.FreeEnergyMinusNSn), "", "", "");
            Row("G_n", F(t.G.Value), F(t.G.StandardError), "", $"n G_n = {F(t.NG.Value)} +- {F(t.NG.StandardError)}");
            if (t.Coverage90 is { } coverage)
            {
                Row("90% band of f covers f*", F(coverage.Value), F(coverage.StandardError), "", "share of the test points (about 0.9 when calibrated)");
            }

            Row("d/2 (regular)", F(t.DHalf), "", "", "");
            Row("lambda_ReLU bound", t.LambdaRelu is { } l ? F(l) : "-", "", "", t.LambdaRelu is null ? "conditions fail: see bfe bound" : "");
        }

        if (report.HeldOutLoss is { } loss)
        {
            Row("held-out loss -mean log p*(y|x)", F(loss.Value), F(loss.StandardError), "", "on --test data");
        }

        console.Write(table);
        // loo's Pareto k table, printed as loo prints it: only when some k is above 0.5.
        if (report.Loo.ParetoKTable is { } kTable && kTable.Skip(1).Any(r => r.Count > 0))
        {
            var pareto = new Table().Border(TableBorder.Simple).Title("Pareto k diagnostic values").AddColumns("k", "", "count", "pct.", "min. n_eff");
            foreach (var r in kTable)
            {
                pareto.AddRow(Markup.Escape(r.Range), r.Label, r.Count.ToString(CultureInfo.InvariantCulture), (100 * r.Proportion).ToString("0.0", CultureInfo.InvariantCulture) + "%",
                    r.MinEffectiveSampleSize is { } e ? e.ToString("0", CultureInfo.InvariantCulture) : "");
            }

            console.Write(pareto);
        }

        foreach (var (name, estimate) in new[] { ("stepping-stone", report.SteppingStone), ("lambda, two temperatures", report.LambdaWbic2), ("lambda, variance", report.LambdaVariance) })
        {
            Terminal.WriteReasons(console, name, estimate.Reasons);
        }

        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        console.MarkupLineInterpolated($"Wrote freeenergy.json, rungs.csv and the ladder plots (ti.png/svg, swaps.png/svg) to [bold]{folder}[/]");
    }
}
