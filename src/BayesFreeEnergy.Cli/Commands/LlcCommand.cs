using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe llc</c>: the local learning coefficient of a trained network, devinterp's way and at any size: train to a
/// minimum (or take a saved network), then SGLD localized there at beta = 1/log n, calibrated, with its verdict and plots.
/// </summary>
internal static class LlcCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var center = new Option<string?>("--center") { Description = "The network to measure at: a JSON point or network file (default: train one)" };
        var epochs = new Option<int>("--train-epochs") { Description = "Training passes over the data (minibatch Adam), for networks above 2000 parameters", DefaultValueFactory = _ => 100 };
        var trainBatch = new Option<int>("--train-batch-size") { Description = "Training minibatch size (default: min(n, 128))" };
        var learningRate = new Option<double>("--learning-rate") { Description = "Adam's step size in training", DefaultValueFactory = _ => 0.001 };
        var gamma = new Option<double>("--gamma") { Description = "Localization strength gamma (calibration also tries gamma/4 and gamma/16); too strong a gamma biases the LLC low (half of lambda at 100 on a deep linear network, docs/estimation.md): start weak, e.g. 1, for weights of order 1", DefaultValueFactory = _ => 100 };
        var step = new Option<double?>("--step-size") { Description = "SGLD step size (default: calibrated on a grid, docs/estimation.md)" };
        var batch = new Option<int>("--batch-size") { Description = "SGLD minibatch size (0: all data, each move then Metropolis-adjusted)" };
        var chains = new Option<int>("--chains") { Description = "SGLD chains", DefaultValueFactory = _ => 2 };
        var draws = new Option<int>("--draws") { Description = "SGLD draws per chain of the final run", DefaultValueFactory = _ => 2000 };
        var seed = new Option<long>("--seed") { Description = "Seed of training and sampling", DefaultValueFactory = _ => 1 };
        var preconditioner = new Option<LlcPreconditioning>("--preconditioner")
        {
            Description = "SGLD preconditioner: the inverse localized Hessian at w* (dense), its diagonal, none, or adaptive (a diagonal learned from the chain's exact gradients, for weak gamma and large networks; e.g. --gamma 1 --batch-size 100 --draws 20000); automatic: dense up to 2000 parameters",
            DefaultValueFactory = _ => LlcPreconditioning.Automatic,
        };
        var sampler = new Option<string>("--sampler")
        {
            Description = "sgld (minibatch-capable, any size) or nuts (exact: full batch, adapted step; for up to thousands of parameters, and as the reference for sgld)",
            DefaultValueFactory = _ => "sgld",
        };
        sampler.AcceptOnlyFromAmong("sgld", "nuts");
        var teacher = new Option<string?>("--teacher") { Description = "Teacher JSON: adds lambda_ReLU, the bound the estimate is checked against" };
        var output = new Option<string>("--out") { Description = "Output folder for llc.json and the plots", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("llc", "The local learning coefficient of a trained (or given) network: SGLD at beta = 1/log n, calibrated, with its verdict");
        model.AddTo(command);
        foreach (var option in new Option[] { center, epochs, trainBatch, learningRate, gamma, step, batch, chains, draws, seed, preconditioner, sampler, teacher, output, json })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out _);
            var n = built.DataCount;
            var teacherNetwork = parse.GetValue(teacher) is { } path ? TeacherFile.Read(path, out _) : null;
            var bound = teacherNetwork is null ? null : ReluLearningCoefficientBound.Evaluate(teacherNetwork.Architecture, built.Architecture, teacherNetwork).LambdaRelu;
            var exact = parse.GetValue(sampler) == "nuts";
            var sgld = new SamplerSettings
            {
                Algorithm = SamplerAlgorithm.Sgld,
                Chains = parse.GetValue(chains),
                Draws = parse.GetValue(draws),
                Warmup = parse.GetValue(draws) / 4,
                Seed = parse.GetValue(seed),
                StepSize = parse.GetValue(step) ?? 1e-6,
                Localization = parse.GetValue(gamma),
                BatchSize = parse.GetValue(batch),
            };
            SamplerOptions.Check(sgld, built.Dimension, n, new Dictionary<string, string> { [nameof(SamplerSettings.Localization)] = "--gamma" });

            // The options are checked before training, which can take minutes.
            var names = new Dictionary<string, string> { ["LlcStepSize"] = "--step-size", ["LlcBatchSize"] = "--batch-size" };
            var options = new LambdaOptions(Tempered: false, Gamma: sgld.Localization, LlcStepSize: parse.GetValue(step), LlcBatchSize: sgld.BatchSize, LlcDraws: sgld.Draws,
                Preconditioner: parse.GetValue(preconditioner), LlcSampler: exact ? LlcSampler.Nuts : LlcSampler.Sgld);
            CommandGuard.Named(options.Validate, names);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var w0 = parse.GetValue(center) is { } file ? PointFile.Read(file, built.Architecture) : Train(parse, built, epochs, trainBatch, learningRate, seed, cancellation);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            if (parse.GetValue(step) is null)
            {
                parse.InvocationConfiguration.Error.WriteLine(exact
                    ? $"bfe llc: NUTS on the localized posterior at {LocalLearningCoefficient.LocalizationGrid.Count} localizations"
                    : options.Preconditioner == LlcPreconditioning.Adaptive
                    ? "bfe llc: adaptive SGLD at gamma and gamma/4, each at two steps extrapolated to step 0 (4 full runs)"
                    : $"bfe llc: calibrating the step size and localization ({LocalLearningCoefficient.LocalizationGrid.Count} x 10 short runs, then the full ones)");
            }

            var result = LambdaAnalysis.Run(built, sgld, options with { Center = w0 }, bound, cancellation: cancellation);
            var (llc, calibration) = (result.Llc!, result.Calibration);
            var beta = LearningCoefficientEstimators.WbicBeta(n);
            var report = new LlcReport(built.Architecture.ToString(), n, built.Dimension, beta, llc.Lambda, llc.StepSize, llc.ExtrapolatedFrom, llc.Localization, llc.Acceptance, llc.TransientDraws, llc.CenterLoss,
                calibration?.Grid, built.Dimension / 2.0, bound, trainSeconds, clock.Elapsed.TotalSeconds);
            var folder = parse.GetValue(output)!;
            AtomicFile.Write(Path.Combine(folder, "llc.json"), writer => JsonOutput.Write(writer, report));
            Reporting.LlcPlots.Write(folder, llc, beta, calibration);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, report);
                return 0;
            }

            var console = Terminal.For(parse.InvocationConfiguration.Output);
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            var table = new Table().Border(TableBorder.Simple).AddColumns("", "value", "se", "verdict");
            table.AddRow($"local learning coefficient ({(exact ? "NUTS, " : "")}{llc.StepDescription}, gamma {llc.Localization.ToString("G3", CultureInfo.InvariantCulture)})",
                F(llc.Lambda.Value), F(llc.Lambda.StandardError), llc.Lambda.Status);
            table.AddRow("d/2 (regular)", F(report.DHalf), "", "");
            table.AddRow("lambda_ReLU bound", bound is { } b ? F(b) : "-", "", "");
            console.Write(table);
            Terminal.WriteReasons(console, null, llc.Lambda.Reasons);

            console.MarkupLineInterpolated($"Wrote llc.json, llc-trace.png/.csv and llc-calibration.png to [bold]{folder}[/] ({clock.Elapsed.TotalSeconds:0} s)");
            return 0;
        })));
        return command;
    }

    // Small networks: the best of 4 full-batch Adam runs polished by Levenberg-Marquardt; larger ones: minibatch Adam from
    // a prior draw, with a bar (or a line per tenth of the passes when not on a terminal).
    private static double[] Train(ParseResult parse, Models.GaussianRegressionModel model, Option<int> epochs, Option<int> batch, Option<double> rate,
        Option<long> seed, CancellationToken cancellation)
    {
        if (model.Dimension <= LocalLearningCoefficient.DensePreconditionerLimit)
        {
            return LocalLearningCoefficient.TrainCenter(model, parse.GetValue(seed));
        }

        var passes = parse.GetValue(epochs);
        var size = parse.GetValue(batch) is > 0 and var m ? m : Math.Min(model.DataCount, 128);
        var status = parse.InvocationConfiguration.Error;
        double[] trained = [];
        CommandGuard.Named(() => ProgressDisplay.RunOverall("training", passes, (advance, label) =>
            trained = MinibatchTraining.FromPrior(model, parse.GetValue(seed), size, passes, parse.GetValue(rate), (epoch, loss) =>
            {
                advance(1);
                label(string.Create(CultureInfo.InvariantCulture, $"training: n L_n {loss:G6}"));
                if (!ProgressDisplay.Interactive && (epoch % Math.Max(1, passes / 10) == 0 || epoch == passes))
                {
                    status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bfe llc: training pass {epoch}/{passes}: n L_n = {loss:G6}"));
                }
            }, cancellation)), new Dictionary<string, string> { ["epochs"] = "--train-epochs", ["batchSize"] = "--train-batch-size", ["learningRate"] = "--learning-rate" });
        return trained;
    }

    private sealed record LlcReport(string Model, int N, int D, double Beta, CheckedEstimate Llc, double StepSize, double? ExtrapolatedFrom, double Gamma, double Acceptance, int TransientDraws, double CenterNLn,
        IReadOnlyList<LlcGridPoint>? Calibration, double DHalf, double? LambdaRelu, double TrainSeconds, double Seconds);
}
