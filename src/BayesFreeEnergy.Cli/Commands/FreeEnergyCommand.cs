using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;
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
    private const double SecondWbicFactor = 1.5;

    public static Command Create()
    {
        var model = new ModelOptions();
        var sampler = new SamplerOptions();
        var rungs = new Option<int>("--rungs") { Description = "Number K of ladder rungs beta_j = (j/(K-1))^p (the WBIC temperatures are added)", DefaultValueFactory = _ => 24 };
        var power = new Option<double>("--ladder-power") { Description = "Ladder exponent p: larger puts more rungs near beta = 0", DefaultValueFactory = _ => 5 };
        var swapInterval = new Option<int>("--swap-interval") { Description = "Iterations between replica swaps", DefaultValueFactory = _ => 1 };
        var teacher = new Option<string?>("--teacher") { Description = "Teacher JSON (from bfe data): adds S_n, G_n, d/2 and lambda_ReLU" };
        var testPoints = new Option<int>("--test-points") { Description = "Fresh test points for G_n", DefaultValueFactory = _ => 5000 };
        var testData = new Option<string?>("--test") { Description = "Held-out data CSV: adds the held-out loss -(1/T) sum log p*(y|x)" };
        var output = new Option<string>("--out") { Description = "Output folder for freeenergy.json, rungs.csv and the ladder plots", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("freeenergy", "Estimate the free energy F_n (TI, stepping-stone, WBIC), lambda, WAIC and LOO from one replica-exchange run");
        model.AddTo(command);
        sampler.AddTo(command);
        foreach (var option in new Option[] { rungs, power, swapInterval, teacher, testPoints, testData, output, json })
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var built = model.Build(parse, out _);
            var k = parse.GetValue(rungs);
            if (k < 3)
            {
                throw new UsageException($"--rungs must be at least 3, got {k}");
            }

            var n = built.DataCount;
            var betaW = LearningCoefficientEstimators.WbicBeta(n);
            var betaW2 = Math.Min(1, SecondWbicFactor * betaW);
            var p = parse.GetValue(power);
            if (!(p >= 1 && p <= 20))
            {
                throw new UsageException($"--ladder-power must lie in [1, 20], got {p}");
            }

            var ladder = ReplicaExchangeSampler.PowerLadder(k, p).Concat([betaW, betaW2]).Distinct().Order().ToArray();
            var settings = sampler.Build(parse, built.Architecture, 1) with { SaveLogLikelihood = true };
            var teacherNetwork = parse.GetValue(teacher) is { } path ? TeacherFile.Read(path, out _) : null;
            var labels = Enumerable.Range(1, settings.Chains).Select(c => $"ladder {c} ({ladder.Length} rungs)").ToArray();
            var run = ProgressDisplay.Run(labels, ladder.Length * (settings.Warmup + settings.Draws),
                tick => ReplicaExchangeSampler.Run(built, ladder, settings, parse.GetValue(swapInterval), tick, cancellation));

            var heldOut = parse.GetValue(testData) is { } testPath
                ? CsvDataFile.Read(testPath, built.Architecture.InputWidth, built.Architecture.OutputWidth, built.Architecture.ToString())
                : null;
            var report = Estimate(built, run, betaW, betaW2, teacherNetwork, parse.GetValue(testPoints), settings, heldOut);
            var folder = parse.GetValue(output)!;
            AtomicFile.Write(Path.Combine(folder, "rungs.csv"), writer =>
            {
                writer.WriteLine("beta,e_nln,se,swap_rate_to_next");
                for (var j = 0; j < ladder.Length; j++)
                {
                    var e = report.Integrand[j];
                    var rate = j < run.SwapRates.Count ? run.SwapRates[j].ToString("R", CultureInfo.InvariantCulture) : "";
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ladder[j]:R},{e.Value:R},{e.StandardError:R},{rate}"));
                }
            });
            AtomicFile.Write(Path.Combine(folder, "freeenergy.json"), writer => JsonOutput.Write(writer, report));
            Reporting.LadderPlots.Write(folder, ladder, report.Integrand, run.SwapRates, report.Ti.Value);
            Print(report, parse.GetValue(json), parse.InvocationConfiguration.Output, folder);
            return 0;
        })));
        return command;
    }

    private static FreeEnergyReport Estimate(GaussianRegressionModel model, ReplicaExchangeResult run, double betaW, double betaW2,
        BayesFreeEnergy.Networks.Network? teacher, int testPoints, SamplerSettings settings, Dataset? heldOut)
    {
        var seed = settings.Seed;
        var betas = run.Betas;
        IReadOnlyList<ChainResult> At(double beta) => run.Rungs[betas.ToList().IndexOf(beta)];
        var ti = ThermodynamicIntegration.Compute(run);
        var top = run.Rungs[^1];
        var matrix = LogLikelihoodMatrix.FromChains(top);
        var waic = Waic.Compute(matrix);
        var loo = PsisLoo.Compute(matrix);
        var warnings = run.SwapRates.Select((rate, j) => (rate, j)).Where(p => p.rate < 0.1)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"swap acceptance between beta {betas[p.j]:G3} and {betas[p.j + 1]:G3} is {p.rate:0.00}: add rungs there"))
            .ToList();
        var rungDiagnostics = run.Rungs.Select((chains, j) =>
        {
            var nll = PosteriorExpectation.NegLogLikelihoodDraws(chains);
            return new RungDiagnostics(betas[j], Diagnostics.ConvergenceDiagnostics.Rhat(nll), Diagnostics.ConvergenceDiagnostics.EssBulk(nll),
                chains.Sum(c => (int)c.Draws.Column("divergent__").Sum()));
        }).ToList();
        warnings.AddRange(rungDiagnostics.Where(r => r.RhatNll > Diagnostics.RunDiagnostics.RhatThreshold)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"R-hat of nLn at beta {r.Beta:G3} is {r.RhatNll:0.###}: that rung's mean is unreliable; run longer")));
        var divergent = rungDiagnostics.Sum(r => r.Divergences);
        if (divergent > 0)
        {
            warnings.Add($"{divergent} divergent transitions over all rungs after warm-up");
        }

        var heldOutLoss = heldOut is null ? (Estimate?)null
            : BayesFreeEnergy.Estimation.Estimate.MeanOfIndependent([.. GeneralizationError.HeldOutLogPredictive(top, model.Architecture, heldOut, model.Noise).Select(v => -v)]);
        if (loo.BadPoints > 0)
        {
            warnings.Add($"{loo.BadPoints} data points have Pareto k above 0.7: their LOO estimates are unreliable");
        }

        TeacherComparison? comparison = null;
        if (teacher is not null)
        {
            var data = model.Data;
            var sn = Entropy.Empirical(teacher, data, model.Noise);
            var g = GeneralizationError.Compute(top, model.Architecture, teacher, model.Noise, testPoints, seed + 7919);
            var bound = ReluLearningCoefficientBound.Evaluate(teacher.Architecture, model.Architecture, teacher);
            comparison = new TeacherComparison(sn, Entropy.Exact(data.OutputWidth, model.Noise),
                ti.FreeEnergy.Value - (data.Count * sn), g, new Estimate(data.Count * g.Value, data.Count * g.StandardError),
                model.Dimension / 2.0, bound.LambdaRelu);
        }

        return new FreeEnergyReport(
            model.Architecture.ToString(), model.DataCount, model.Dimension, betas, run.SwapRates, ti.Integrand,
            new TiValue(ti.FreeEnergy.Value, ti.FreeEnergy.StandardError, ti.DiscretisationError),
            SteppingStone.FreeEnergy(run),
            LearningCoefficientEstimators.Wbic(At(betaW)),
            LearningCoefficientEstimators.FromTwoTemperatures(At(betaW), betaW, At(betaW2), betaW2),
            LearningCoefficientEstimators.FromVariance(At(betaW), betaW),
            new WaicValue(waic.LossScale, waic.ElpdWaic.StandardError / model.DataCount, waic.ElpdWaic.Value, waic.ElpdWaic.StandardError, waic.PWaic.Value, waic.WaicDeviance.Value, waic.TrainingLoss),
            new LooValue(loo.ElpdLoo.Value, loo.ElpdLoo.StandardError, loo.PLoo.Value, loo.LooIc.Value, loo.ParetoK.Max(), loo.BadPoints),
            comparison, heldOutLoss, rungDiagnostics, settings, warnings, run.WallSeconds);
    }

    private static void Print(FreeEnergyReport report, bool json, TextWriter stdout, string folder)
    {
        if (json)
        {
            JsonOutput.Write(stdout, report);
            return;
        }

        var console = Terminal.For(stdout);
        console.MarkupLineInterpolated($"Model [bold]{report.Model}[/] (d = {report.D}), n = {report.N}, {report.Betas.Count} rungs, {report.WallSeconds:0.0} s");
        var table = new Table().Border(TableBorder.Simple).AddColumns("estimate", "value", "se", "note");
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        void Row(params string[] cells) => table.AddRow([.. cells.Select(Markup.Escape)]);
        Row("F_n, thermodynamic integration", F(report.Ti.Value), F(report.Ti.StandardError), $"quadrature error <= {F(report.Ti.DiscretisationError)}");
        Row("F_n, stepping-stone", F(report.SteppingStone.Value), F(report.SteppingStone.StandardError), "");
        Row("WBIC", F(report.Wbic.Value), F(report.Wbic.StandardError), "beta = 1/log n");
        Row("lambda, two temperatures", F(report.LambdaWbic2.Value), F(report.LambdaWbic2.StandardError), "beta = 1/log n and 1.5/log n");
        Row("lambda, variance", F(report.LambdaVariance.Value), F(report.LambdaVariance.StandardError), "beta^2 Var[n L_n] at 1/log n");
        Row("WAIC (loss scale)", F(report.Waic.Value), F(report.Waic.Se), $"elpd_waic {F(report.Waic.ElpdWaic)} +- {F(report.Waic.SeElpdWaic)}, p_waic {F(report.Waic.PWaic)}");
        Row("PSIS-LOO elpd_loo", F(report.Loo.Value), F(report.Loo.Se), $"p_loo {F(report.Loo.PLoo)}, max Pareto k {F(report.Loo.MaxParetoK)}");
        if (report.Teacher is { } t)
        {
            Row("S_n (empirical entropy)", F(t.Sn), "", $"S = {F(t.S)}");
            Row("F_n - n S_n (TI)", F(t.FreeEnergyMinusNSn), "", "");
            Row("G_n", F(t.G.Value), F(t.G.StandardError), $"n G_n = {F(t.NG.Value)} +- {F(t.NG.StandardError)}");
            Row("d/2 (regular)", F(t.DHalf), "", "");
            Row("lambda_ReLU bound", t.LambdaRelu is { } l ? F(l) : "-", "", t.LambdaRelu is null ? "conditions fail: see bfe bound" : "");
        }

        if (report.HeldOutLoss is { } loss)
        {
            Row("held-out loss -mean log p*(y|x)", F(loss.Value), F(loss.StandardError), "on --test data");
        }

        console.Write(table);
        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        console.MarkupLineInterpolated($"Wrote freeenergy.json, rungs.csv and the ladder plots (ti.png/svg, swaps.png/svg) to [bold]{folder}[/]");
    }

    private sealed record TiValue(double Value, [property: System.Text.Json.Serialization.JsonPropertyName("se")] double StandardError, double DiscretisationError);

    // value and se are on the loss scale (T_n + V_n / n); elpd_waic, its se, p_waic and waic as loo and ArviZ name them.
    private sealed record WaicValue(double Value, double Se, double ElpdWaic, double SeElpdWaic, double PWaic, double Waic, double TrainingLoss);

    // value and se are elpd_loo and its se.
    private sealed record LooValue(double Value, double Se, double PLoo, double Looic, double MaxParetoK, int BadPoints);

    private sealed record TeacherComparison(double Sn, double S, double FreeEnergyMinusNSn, Estimate G, Estimate NG, double DHalf, double? LambdaRelu);

    private sealed record FreeEnergyReport(string Model, int N, int D, IReadOnlyList<double> Betas, IReadOnlyList<double> SwapRates,
        IReadOnlyList<Estimate> Integrand, TiValue Ti, Estimate SteppingStone, Estimate Wbic, Estimate LambdaWbic2, Estimate LambdaVariance,
        WaicValue Waic, LooValue Loo, TeacherComparison? Teacher, Estimate? HeldOutLoss, IReadOnlyList<RungDiagnostics> Rungs,
        SamplerSettings Settings, IReadOnlyList<string> Warnings, double WallSeconds);

    private sealed record RungDiagnostics(double Beta, double RhatNll, double EssBulkNll, int Divergences);
}
