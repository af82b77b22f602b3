using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Experiments;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe reproduce</c>: the headline experiment out of the box. Runs the built-in sweep (resumably), writes
/// report.html and prints lambda per model beside d/2.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Results and report folder (rerun to resume; default reproduce/, or reproduce-full/ with --full)" };
        var full = new Option<bool>("--full") { Description = "The definitive experiment (examples/reproduce-full.json): n up to 1600, 1000 draws per rung, an estimated 1 to 2 hours of 2 cores; shard it with --shard" };
        var scale = new Option<bool>("--scale") { Description = "The theorem at scale (examples/reproduce-scale.json): the local learning coefficient of ReLU students up to d = 10^5 at the embedded teacher, beside d/2 and lambda_ReLU, scale.png (docs/scale.md)" };
        var shard = SweepCommand.ShardOption();
        var jobs = SweepCommand.JobsOption();
        var command = new Command("reproduce",
            "Reproduce the headline result: lambda of over-parameterized ReLU networks is set by the teacher, not by d/2 (built-in experiment, report.html)")
        {
            output, full, scale, shard, jobs,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            if (parse.GetValue(scale))
            {
                if (parse.GetValue(full) || parse.GetValue(shard) is not null)
                {
                    throw new InvalidInputException("--scale runs its own experiment: it takes neither --full nor --shard");
                }

                return ReproduceScale(parse.GetValue(output) ?? "reproduce-scale", parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation);
            }

            var isFull = parse.GetValue(full);
            var experiment = isFull ? BuiltInExperiments.ReproduceFull() : BuiltInExperiments.Reproduce();
            var folder = SweepFolder.Create(parse.GetValue(output) ?? (isFull ? "reproduce-full" : "reproduce"), experiment);
            var stdout = parse.InvocationConfiguration.Output;
            var runs = SweepCommand.Slice(experiment.Runs(), parse.GetValue(shard));
            stdout.WriteLine($"Teacher {experiment.Teacher.Architecture}; models {string.Join(", ", experiment.Models)}; n = {string.Join(", ", experiment.SampleSizes)}; " +
                $"{experiment.DataSeeds.Count} data seeds: {runs.Count} of {experiment.Runs().Count} runs (the experiment is examples/{(isFull ? "reproduce-full" : "reproduce")}.json).");
            var code = SweepCommand.Finish(parse, folder, runs, parse.GetValue(jobs), json: false, cancellation, "");
            if (code != 0)
            {
                return code;
            }

            if (folder.ReadResults().Count < experiment.Runs().Count)
            {
                stdout.WriteLine($"This shard is done; once every shard has finished, run the same command without --shard (it only reports) or bfe report {folder.FolderPath}.");
                return 0;
            }

            // Variational Bayes on the same runs (about a second per run), kept beside the results so a rerun only reports.
            var results = folder.ReadResults();
            if (VariationalComparison.Read(folder.FolderPath)?.Count != results.Count)
            {
                stdout.WriteLine($"Fitting mean-field and full-rank variational approximations to the {results.Count} runs' data (bfe vi-compare)...");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var rows = ViCompareCommand.Fit(experiment, results, parse.InvocationConfiguration.Error, cancellation);
                VariationalComparison.Write(folder.FolderPath, experiment.Name, rows, $"bfe reproduce{(isFull ? " --full" : "")}", clock.Elapsed);
            }

            var (html, summary) = ReportCommand.Write([folder.FolderPath], folder.FolderPath);
            Print(summary, stdout);
            stdout.WriteLine($"Report: {html}");
            return 0;
        })));
        return command;
    }

    // The scale experiment: one calibrated LLC per student and centre (resumable), then the table and scale.png.
    private static int ReproduceScale(string folder, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var definition = ScaleExperiment.BuiltIn();
        stdout.WriteLine($"Teacher {definition.Teacher}; students {string.Join(", ", definition.Students)}; centres {string.Join(", ", definition.Centres).ToLowerInvariant()}; " +
            $"n = {definition.N} noiseless points (the experiment is examples/reproduce-scale.json).");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = ScaleExperiment.Run(definition, folder, (student, centre, d) =>
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bfe reproduce --scale: {student} (d = {d:N0}) at the {(centre == ScaleCentre.Teacher ? "embedded teacher" : "trained network")} ({clock.Elapsed.TotalMinutes:0.0} min so far)")),
            cancellation);
        Reporting.ScalePlot.Write(folder, rows);
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        var table = new Table().Border(TableBorder.Simple).Title("local learning coefficient of each student (adaptive SGLD, calibrated)")
            .AddColumns("model", "d", "d/2", "λ_ReLU", "centre", "LLC", "verdict", "γ", "time");
        foreach (var r in rows)
        {
            var verdict = r.Llc.IsOk ? "ok" : r.OnlyAboveBound ? "checks pass; above λ_ReLU" : "unreliable";
            table.AddRow([.. new[] { r.Model, r.D.ToString("N0", CultureInfo.InvariantCulture), F(r.D / 2.0), r.LambdaRelu is { } b ? F(b) : "-", r.Centre.ToString().ToLowerInvariant(),
                $"{F(r.Llc.Value)} ± {F(r.Llc.StandardError)}", verdict, F(r.Gamma), $"{r.Seconds:0} s" }.Select(Markup.Escape)]);
        }

        var console = Terminal.For(stdout);
        console.Write(table);
        foreach (var r in rows.Where(r => !r.Llc.IsOk && !r.OnlyAboveBound))
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(r.Model)} at the {r.Centre.ToString().ToLowerInvariant()}:[/] {Markup.Escape(r.Llc.Reasons[0])}");
        }

        stdout.WriteLine($"Results: {Path.Combine(folder, ScaleExperiment.ResultsFile)}; plot: {Path.Combine(folder, "scale.png")}");
        return 0;
    }

    private static void Print(ExperimentSummary summary, TextWriter stdout)
    {
        static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        static string Pm(Estimate? e) => e is { } x ? $"{F(x.Value)} ± {F(x.StandardError)}" : "-";
        static string Judged(CheckedEstimate? e) => e is null ? "-" : $"{Pm(e.Estimate)} {(e.IsOk ? "ok" : "unreliable")}";
        var table = new Table().Border(TableBorder.Simple).Title("learning coefficient λ per model (means over data seeds ± 1 se, with verdicts)")
            .AddColumns("model", "d", "d/2", "λ_ReLU", "λ WBIC", "λ variance", "n G_n", "slope of F_n-nS_n", "MAP n G_n");
        foreach (var m in summary.Models)
        {
            table.AddRow([.. new[] { m.Model, m.D.ToString(CultureInfo.InvariantCulture), F(m.DHalf), m.LambdaRelu is { } b ? F(b) : "-", Judged(m.LambdaWbic2),
                Judged(m.LambdaVariance), Judged(m.LambdaNG), Judged(m.LambdaSlope), Pm(m.MapNG) }.Select(Markup.Escape)]);
        }

        var console = Terminal.For(stdout);
        console.Write(table);
        foreach (var m in summary.Models)
        {
            console.MarkupLine($"[bold]{Markup.Escape(m.Model)}[/]: {Markup.Escape(m.Conclusion)}");
            foreach (var (name, estimate) in new[] { ("λ WBIC", m.LambdaWbic2), ("λ variance", m.LambdaVariance), ("n G_n", m.LambdaNG), ("slope", m.LambdaSlope) })
            {
                if (estimate is { IsOk: false })
                {
                    var more = estimate.Reasons.Count > 1 ? $" (and {estimate.Reasons.Count - 1} more in report.html)" : "";
                    console.MarkupLine($"  [yellow]{Markup.Escape(name)} unreliable:[/] {Markup.Escape(estimate.Reasons[0] + more)}");
                }
            }
        }
    }
}
