using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;
using BayesFreeEnergy.Variational;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe vi</c>: a Gaussian variational approximation of the tempered posterior (mean-field or full-rank ADVI), with
/// F_VB = -ELBO (an upper bound on F_n), its verdict, the PSIS diagnostic of q, and draws from q in the sampler's layout.
/// </summary>
internal static class ViCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var family = new Option<VariationalFamily>("--family") { Description = "meanfield or fullrank", DefaultValueFactory = _ => VariationalFamily.MeanField };
        var beta = new Option<double>("--beta") { Description = "Inverse temperature in (0, 1]", DefaultValueFactory = _ => 1 };
        var iterations = new Option<int>("--iterations") { Description = "Most optimization steps", DefaultValueFactory = _ => 20000 };
        var minIterations = new Option<int>("--min-iterations") { Description = "Steps before the stopping rule is consulted", DefaultValueFactory = _ => 10000 };
        var rate = new Option<double>("--learning-rate") { Description = "Adam's initial step size (decays like 1/sqrt(1 + t/1000))", DefaultValueFactory = _ => 0.01 };
        var draws = new Option<int>("--draws") { Description = "Draws from q for the final ELBO and the output", DefaultValueFactory = _ => 4000 };
        var seed = new Option<long>("--seed") { Description = "Seed", DefaultValueFactory = _ => 1 };
        var logLik = new Option<bool>("--log-lik") { Description = "Save log p(y_i | x_i, w) per data point and report WAIC and PSIS-LOO on the draws from q" };
        var output = new Option<string>("--out") { Description = "Output folder for vi.json, chain-1.csv and posterior.zarr", Required = true };
        var json = new Option<bool>("--json") { Description = "Print vi.json on stdout" };
        var command = new Command("vi", "Variational Bayes (Gaussian, mean-field or full-rank): F_VB = -ELBO, an upper bound on the free energy, and draws from q");
        model.AddTo(command);
        foreach (var option in new Option[] { family, beta, iterations, minIterations, rate, draws, seed, logLik, output, json })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out var dataPath);
            var settings = new VariationalSettings
            {
                Family = parse.GetValue(family),
                Beta = parse.GetValue(beta),
                MaxIterations = parse.GetValue(iterations),
                MinIterations = Math.Min(parse.GetValue(minIterations), parse.GetValue(iterations)),
                LearningRate = parse.GetValue(rate),
                FinalSamples = parse.GetValue(draws),
                Seed = parse.GetValue(seed),
            };
            CommandGuard.Named(settings.Validate, new Dictionary<string, string>
            {
                [nameof(VariationalSettings.Beta)] = "--beta",
                [nameof(VariationalSettings.MaxIterations)] = "--iterations",
                [nameof(VariationalSettings.MinIterations)] = "--min-iterations",
                [nameof(VariationalSettings.LearningRate)] = "--learning-rate",
                [nameof(VariationalSettings.FinalSamples)] = "--draws",
            });

            var status = parse.InvocationConfiguration.Error;
            // A full-rank q starts from a mean-field fit, shown as its own stage.
            VariationalFit? meanField = null;
            VariationalFit fit = null!;
            var stages = settings.Family == VariationalFamily.FullRank ? 2 : 1;
            ProgressDisplay.RunOverall("ELBO", stages * settings.MaxIterations / settings.EvaluationInterval, (advance, label) =>
            {
                Action<int, Estimate> Report(string stage) => (t, elbo) =>
                {
                    advance(1);
                    label(string.Create(CultureInfo.InvariantCulture, $"{stage}ELBO {elbo.Value:G6} ± {elbo.StandardError:G2} at step {t}"));
                    if (!ProgressDisplay.Interactive && t % (10 * settings.EvaluationInterval) == 0)
                    {
                        status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bfe vi: {stage}step {t}: ELBO {elbo.Value:G6} ± {elbo.StandardError:G2}"));
                    }
                };
                if (stages == 2)
                {
                    meanField = VariationalInference.Fit(built, settings with { Family = VariationalFamily.MeanField }, Report("mean-field start, "), cancellation);
                }

                fit = VariationalInference.Fit(built, settings, Report(stages == 2 ? "full rank, " : ""), cancellation, meanField);
            });

            var chain = VariationalInference.Draws(built, fit, settings.FinalSamples, settings.Seed, parse.GetValue(logLik));
            var paretoK = VariationalInference.ParetoK(chain);
            WaicSummary? waic = null;
            LooSummary? loo = null;
            if (parse.GetValue(logLik))
            {
                var matrix = LogLikelihoodMatrix.FromChains([chain]);
                waic = WaicSummary.Of(Waic.Compute(matrix));
                loo = LooSummary.Of(PsisLoo.Compute(matrix));
            }

            var report = new ViReport(built.Architecture.ToString(), built.DataCount, built.Dimension, settings.Family, settings.Beta, fit.FreeEnergy,
                fit.Elbo.Value, fit.Elbo.StandardError, paretoK, fit.Iterations, fit.Converged, waic, loo, built.Data.Hash(), fit.Seconds + (meanField?.Seconds ?? 0),
                [.. fit.Trace.Select(e => new ViTracePoint(e.Iteration, e.Elbo, e.Se))]);
            var folder = parse.GetValue(output)!;
            var settingsForFiles = new SamplerSettings { Chains = 1, Warmup = 0, Draws = settings.FinalSamples, Seed = settings.Seed, Beta = settings.Beta };
            CmdStanCsvWriter.Write(Path.Combine(folder, "chain-1.csv"), chain, settingsForFiles, RunDescription.For(built, dataPath));
            InferenceDataWriter.Write(Path.Combine(folder, SampleCommand.InferenceDataFolder), [chain], built.Architecture, built.Data, built.Noise, settings.Seed);
            AtomicFile.Write(Path.Combine(folder, "vi.json"), writer => JsonOutput.Write(writer, report));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, report);
                return 0;
            }

            var console = Terminal.For(parse.InvocationConfiguration.Output);
            string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
            console.MarkupLineInterpolated($"Model [bold]{report.Model}[/] (d = {report.D}), n = {report.N}, {settings.Family} q at beta = {settings.Beta}: {fit.Iterations} steps, {report.Seconds:0.0} s");
            var table = new Table().Border(TableBorder.Simple).AddColumns("estimate", "value", "se", "verdict", "note");
            table.AddRow("F_VB = -ELBO", F(fit.FreeEnergy.Value), F(fit.FreeEnergy.StandardError), fit.FreeEnergy.Status, "an upper bound on F_n");
            table.AddRow("Pareto k of q", F(paretoK), "", paretoK <= 0.7 ? "ok" : "high", Markup.Escape("p/q importance weights: > 0.7, q misses posterior mass (Yao et al. 2018)"));
            if (waic is { } wv && loo is { } lv)
            {
                table.AddRow("WAIC (loss scale), on q", F(wv.Value), F(wv.Se), "", Markup.Escape($"elpd_waic {F(wv.ElpdWaic)}"));
                table.AddRow("PSIS-LOO elpd_loo, on q", F(lv.Value), F(lv.Se), "", Markup.Escape($"max Pareto k {F(lv.MaxParetoK)}"));
            }

            console.Write(table);
            Terminal.WriteReasons(console, "F_VB", fit.FreeEnergy.Reasons);

            console.MarkupLineInterpolated($"Wrote vi.json, chain-1.csv (draws from q) and posterior.zarr to [bold]{folder}[/]");
            return 0;
        })));
        return command;
    }

    private sealed record ViReport(string Model, int N, int D, VariationalFamily Family, double Beta, CheckedEstimate FreeEnergy, double Elbo, double ElboSe,
        double ParetoK, int Iterations, bool Converged, WaicSummary? Waic, LooSummary? Loo, string DataHash, double Seconds, IReadOnlyList<ViTracePoint> Trace);

    private sealed record ViTracePoint(int Iteration, double Elbo, double Se);
}
