using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe lambda</c>: the learning coefficient by the two-temperature WBIC estimator and the variance estimator (chains at
/// beta = 1/log n and 1.5/log n) and by devinterp's local learning coefficient (SGLD localized at a given or optimized point).
/// </summary>
internal static class LambdaCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var sampler = new SamplerOptions();
        var c1 = new Option<double>("--c1") { Description = "First temperature beta1 = c1 / log n (WBIC's is c1 = 1)", DefaultValueFactory = _ => 1 };
        var c2 = new Option<double>("--c2") { Description = "Second temperature beta2 = c2 / log n for the two-temperature estimator", DefaultValueFactory = _ => 1.5 };
        var center = new Option<string>("--llc-center") { Description = "LLC center w0: 'optimize' (the best of 4 Adam runs, then Newton steps to a minimum of L_n) or a JSON point / network file", DefaultValueFactory = _ => "optimize" };
        var gamma = new Option<double>("--llc-gamma") { Description = "LLC localization strength gamma (calibration also tries gamma/4 and gamma/16 and keeps the weakest that agrees with the next stronger)", DefaultValueFactory = _ => 100 };
        var llcStep = new Option<double?>("--llc-step-size") { Description = "LLC SGLD step size (default: calibrated on a grid below the stable step, see docs/estimation.md)" };
        var llcBatch = new Option<int>("--llc-batch-size") { Description = "LLC SGLD minibatch size (0: all data)", DefaultValueFactory = _ => 0 };
        var llcDraws = new Option<int>("--llc-draws") { Description = "LLC SGLD draws per chain", DefaultValueFactory = _ => 2000 };
        var noLlc = new Option<bool>("--no-llc") { Description = "Skip the local learning coefficient" };
        var llcOnly = new Option<bool>("--llc-only") { Description = "Only the local learning coefficient (no NUTS runs at the two temperatures)" };
        var preconditioner = new Option<LlcPreconditioning>("--llc-preconditioner")
        {
            Description = "LLC SGLD preconditioner: the inverse localized Hessian at w0 (dense), its diagonal, none, or adaptive (learned from the chain's exact gradients, for weak gamma and large networks); automatic: dense up to 2000 parameters",
            DefaultValueFactory = _ => LlcPreconditioning.Automatic,
        };
        var llcSampler = new Option<string>("--llc-sampler")
        {
            Description = "LLC sampler: sgld, or nuts (exact: the localized posterior sampled by NUTS, full batch; for up to thousands of parameters)",
            DefaultValueFactory = _ => "sgld",
        };
        llcSampler.AcceptOnlyFromAmong("sgld", "nuts");
        var teacher = new Option<string?>("--teacher") { Description = "Teacher JSON: adds d/2 and lambda_ReLU for comparison" };
        var output = new Option<string>("--out") { Description = "Output folder for lambda.json", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("lambda", "Estimate the learning coefficient lambda (two-temperature WBIC, variance, local learning coefficient)");
        model.AddTo(command);
        sampler.AddTo(command);
        foreach (var option in new Option[] { c1, c2, center, gamma, llcStep, llcBatch, llcDraws, noLlc, llcOnly, preconditioner, llcSampler, teacher, output, json })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out _);
            var settings = sampler.Build(parse, built.Architecture, 1);
            SamplerOptions.Check(settings, built.Dimension, built.DataCount);
            var teacherNetwork = parse.GetValue(teacher) is { } path ? TeacherFile.Read(path, out _) : null;
            var bound = teacherNetwork is null ? null : ReluLearningCoefficientBound.Evaluate(teacherNetwork.Architecture, built.Architecture, teacherNetwork).LambdaRelu;
            if (parse.GetValue(llcOnly) && parse.GetValue(noLlc))
            {
                throw new UsageException("--llc-only and --no-llc exclude each other");
            }

            var options = new LambdaOptions(parse.GetValue(c1), parse.GetValue(c2), Tempered: !parse.GetValue(llcOnly), Local: !parse.GetValue(noLlc),
                Center: parse.GetValue(center) is "optimize" or null ? null : PointFile.Read(parse.GetValue(center)!, built.Architecture),
                Gamma: parse.GetValue(gamma), LlcStepSize: parse.GetValue(llcStep), LlcBatchSize: parse.GetValue(llcBatch), LlcDraws: parse.GetValue(llcDraws),
                Preconditioner: parse.GetValue(preconditioner), LlcSampler: parse.GetValue(llcSampler) == "nuts" ? LlcSampler.Nuts : LlcSampler.Sgld);
            CommandGuard.Named(options.Validate, new Dictionary<string, string> { ["LlcStepSize"] = "--llc-step-size", ["LlcBatchSize"] = "--llc-batch-size" });
            SamplerOptions.Check(LambdaAnalysis.LlcSettings(settings, options), built.Dimension, built.DataCount, new Dictionary<string, string>
            {
                [nameof(SamplerSettings.Localization)] = "--llc-gamma",
                [nameof(SamplerSettings.BatchSize)] = "--llc-batch-size",
                [nameof(SamplerSettings.StepSize)] = "--llc-step-size",
                [nameof(SamplerSettings.Draws)] = "--llc-draws",
            });
            var labels = Enumerable.Range(1, settings.Chains).Select(c => $"chain {c}").ToArray();
            var result = LambdaAnalysis.Run(built, settings, options, bound,
                s => ProgressDisplay.Run(labels, s.Warmup + s.Draws, tick => SamplingService.Run(built, s, tick, cancellation)), cancellation);
            var (beta1, beta2, tempered, llc, calibration) = (result.Beta1, result.Beta2, result.Tempered, result.Llc, result.Calibration);
            var report = new LambdaReport(built.Architecture.ToString(), built.DataCount, built.Dimension, beta1, beta2,
                tempered?.Wbic, tempered?.TwoTemperatures, tempered?.Variance, tempered?.HeatCapacity, llc?.Lambda, llc?.StepSize, llc?.Localization, llc?.Acceptance,
                calibration?.Grid, built.Dimension / 2.0, bound, teacherNetwork is null ? null : Entropy.Empirical(teacherNetwork, built.Data, built.Noise),
                result.AtBeta1 is null ? [] : [.. Diagnostics.RunDiagnostics.Compute(result.AtBeta1, settings.MaxTreeDepth).Warnings.Select(w => string.Create(CultureInfo.InvariantCulture, $"beta = {beta1:G3}: {w}"))]);
            var folder = parse.GetValue(output)!;
            AtomicFile.Write(Path.Combine(folder, "lambda.json"), writer => JsonOutput.Write(writer, report));
            if (llc is not null)
            {
                Reporting.LlcPlots.Write(folder, llc, LearningCoefficientEstimators.WbicBeta(built.DataCount), calibration);
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, report);
                return 0;
            }

            var console = Terminal.For(parse.InvocationConfiguration.Output);
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            var table = new Table().Border(TableBorder.Simple).AddColumns("estimate", "value", "se", "verdict");
            void Judged(string name, CheckedEstimate? e) => table.AddRow(name, e is null ? "-" : F(e.Value), e is null ? "" : F(e.StandardError), e?.Status ?? "");
            Judged(beta1 == LearningCoefficientEstimators.WbicBeta(built.DataCount) ? "WBIC" : "E[n L_n] at beta1", report.Wbic);
            Judged("lambda, two temperatures", report.LambdaWbic2);
            Judged("lambda, variance", report.LambdaVariance);
            Judged(report.LlcStepSize is { } step ? string.Create(CultureInfo.InvariantCulture, $"local learning coefficient (step {step:G3}, gamma {report.LlcGamma:G3})") : "local learning coefficient", report.Llc);
            table.AddRow("d/2 (regular)", F(report.DHalf), "", "");
            table.AddRow("lambda_ReLU bound", report.LambdaRelu is { } b ? F(b) : "-", "", "");
            if (report.Sn is { } sn)
            {
                table.AddRow("S_n (empirical entropy; G_n needs beta = 1 draws: bfe freeenergy)", F(sn), "", "");
            }
            console.Write(table);
            foreach (var (name, e) in new[] { ("lambda, two temperatures", report.LambdaWbic2), ("lambda, variance", report.LambdaVariance), ("local learning coefficient", report.Llc) })
            {
                Terminal.WriteReasons(console, name, e?.Reasons ?? []);
            }

            foreach (var warning in report.Warnings)
            {
                console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }

            console.MarkupLineInterpolated($"Wrote lambda.json to [bold]{folder}[/]");
            return 0;
        })));
        return command;
    }

    private sealed record LambdaReport(string Model, int N, int D, double Beta1, double Beta2, CheckedEstimate? Wbic, CheckedEstimate? LambdaWbic2,
        CheckedEstimate? LambdaVariance, IReadOnlyList<HeatCapacity>? HeatCapacity, CheckedEstimate? Llc, double? LlcStepSize, double? LlcGamma, double? LlcAcceptance, IReadOnlyList<LlcGridPoint>? LlcCalibration,
        double DHalf, double? LambdaRelu, double? Sn, IReadOnlyList<string> Warnings);
}
