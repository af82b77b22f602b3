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
        var center = new Option<string>("--llc-center") { Description = "LLC center w0: 'optimize' (Adam from a prior draw) or a JSON point / network file", DefaultValueFactory = _ => "optimize" };
        var gamma = new Option<double>("--llc-gamma") { Description = "LLC localization strength gamma", DefaultValueFactory = _ => 100 };
        var llcStep = new Option<double>("--llc-step-size") { Description = "LLC SGLD step size", DefaultValueFactory = _ => 1e-5 };
        var llcBatch = new Option<int>("--llc-batch-size") { Description = "LLC SGLD minibatch size (0: all data)", DefaultValueFactory = _ => 0 };
        var llcDraws = new Option<int>("--llc-draws") { Description = "LLC SGLD draws per chain", DefaultValueFactory = _ => 2000 };
        var noLlc = new Option<bool>("--no-llc") { Description = "Skip the local learning coefficient" };
        var teacher = new Option<string?>("--teacher") { Description = "Teacher JSON: adds d/2 and lambda_ReLU for comparison" };
        var output = new Option<string>("--out") { Description = "Output folder for lambda.json", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("lambda", "Estimate the learning coefficient lambda (two-temperature WBIC, variance, local learning coefficient)");
        model.AddTo(command);
        sampler.AddTo(command);
        foreach (var option in new Option[] { c1, c2, center, gamma, llcStep, llcBatch, llcDraws, noLlc, teacher, output, json })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out _);
            var beta1 = parse.GetValue(c1) * LearningCoefficientEstimators.WbicBeta(built.DataCount);
            var beta2 = parse.GetValue(c2) * LearningCoefficientEstimators.WbicBeta(built.DataCount);
            if (!(beta1 > 0 && beta1 <= 1 && beta2 > 0 && beta2 <= 1) || beta1 == beta2)
            {
                throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--c1 and --c2 must give two different temperatures in (0, 1]; got beta1 = {beta1:G3}, beta2 = {beta2:G3}"));
            }
            var settings = sampler.Build(parse, built.Architecture, beta1);
            var teacherNetwork = parse.GetValue(teacher) is { } path ? TeacherFile.Read(path, out _) : null;
            (Estimate Lambda, SamplingResult Trace)? llc = null;
            var labels = Enumerable.Range(1, settings.Chains).Select(c => $"chain {c}").ToArray();
            var at1 = ProgressDisplay.Run(labels, settings.Warmup + settings.Draws, tick => SamplingService.Run(built, settings, tick, cancellation));
            var at2 = ProgressDisplay.Run(labels, settings.Warmup + settings.Draws, tick => SamplingService.Run(built, settings with { Beta = beta2 }, tick, cancellation));
            if (!parse.GetValue(noLlc))
            {
                var w0 = parse.GetValue(center) == "optimize" ? Optimize(built, settings.Seed) : PointFile.Read(parse.GetValue(center)!, built.Architecture);
                var sgld = settings with
                {
                    StepSize = parse.GetValue(llcStep),
                    Localization = parse.GetValue(gamma),
                    BatchSize = parse.GetValue(llcBatch),
                    Draws = parse.GetValue(llcDraws),
                    Warmup = Math.Min(settings.Warmup, parse.GetValue(llcDraws) / 4),
                    SaveLogLikelihood = false,
                };
                sgld.Validate(built.Dimension, built.DataCount);
                llc = LocalLearningCoefficient.Estimate(built, w0, sgld);
            }

            var bound = teacherNetwork is null ? null : ReluLearningCoefficientBound.Evaluate(teacherNetwork.Architecture, built.Architecture, teacherNetwork);
            var report = new LambdaReport(built.Architecture.ToString(), built.DataCount, built.Dimension, beta1, beta2,
                LearningCoefficientEstimators.Wbic(at1.Chains),
                LearningCoefficientEstimators.FromTwoTemperatures(at1.Chains, beta1, at2.Chains, beta2),
                LearningCoefficientEstimators.FromVariance(at1.Chains, beta1),
                llc?.Lambda,
                built.Dimension / 2.0, bound?.LambdaRelu, teacherNetwork is null ? null : Entropy.Empirical(teacherNetwork, built.Data, built.Noise),
                [.. Diagnostics.RunDiagnostics.Compute(at1.Chains, settings.MaxTreeDepth).Warnings.Select(w => string.Create(CultureInfo.InvariantCulture, $"beta = {beta1:G3}: {w}"))]);
            var folder = parse.GetValue(output)!;
            AtomicFile.Write(Path.Combine(folder, "lambda.json"), writer => JsonOutput.Write(writer, report));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, report);
                return 0;
            }

            var console = Terminal.For(parse.InvocationConfiguration.Output);
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            var table = new Table().Border(TableBorder.Simple).AddColumns("estimate", "value", "se");
            table.AddRow(beta1 == LearningCoefficientEstimators.WbicBeta(built.DataCount) ? "WBIC" : "E[n L_n] at beta1", F(report.Wbic.Value), F(report.Wbic.StandardError));
            table.AddRow("lambda, two temperatures", F(report.LambdaWbic2.Value), F(report.LambdaWbic2.StandardError));
            table.AddRow("lambda, variance", F(report.LambdaVariance.Value), F(report.LambdaVariance.StandardError));
            table.AddRow("local learning coefficient", report.Llc is { } r ? F(r.Value) : "-", report.Llc is { } q ? F(q.StandardError) : "");
            table.AddRow("d/2 (regular)", F(report.DHalf), "");
            table.AddRow("lambda_ReLU bound", report.LambdaRelu is { } b ? F(b) : "-", "");
            if (report.Sn is { } sn)
            {
                table.AddRow("S_n (empirical entropy; G_n needs beta = 1 draws: bfe freeenergy)", F(sn), "");
            }
            console.Write(table);
            foreach (var warning in report.Warnings)
            {
                console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
            }

            console.MarkupLineInterpolated($"Wrote lambda.json to [bold]{folder}[/]");
            return 0;
        })));
        return command;
    }

    // A trained network for the LLC: Adam on the posterior from a prior draw.
    private static double[] Optimize(Models.GaussianRegressionModel model, long seed)
    {
        var w = new double[model.Dimension];
        model.Prior.Sample(new Numerics.RandomStream(seed, 0xC0FFEE), w);
        ModeFinder.Ascend(new TemperedTarget(model.CreateEvaluator(), 1), w, 5000);
        return w;
    }

    private sealed record LambdaReport(string Model, int N, int D, double Beta1, double Beta2, Estimate Wbic, Estimate LambdaWbic2,
        Estimate LambdaVariance, Estimate? Llc, double DHalf, double? LambdaRelu, double? Sn, IReadOnlyList<string> Warnings);
}
