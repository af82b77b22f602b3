using System.CommandLine;
using System.Globalization;
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
        var output = new Option<string>("--out") { Description = "Results and report folder (rerun to resume)", DefaultValueFactory = _ => "reproduce" };
        var jobs = SweepCommand.JobsOption();
        var command = new Command("reproduce",
            "Reproduce the headline result: lambda of over-parameterized ReLU networks is set by the teacher, not by d/2 (built-in experiment, report.html)")
        {
            output, jobs,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var experiment = BuiltInExperiments.Reproduce();
            var folder = SweepFolder.Create(parse.GetValue(output)!, experiment);
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"Teacher {experiment.Teacher.Architecture}; models {string.Join(", ", experiment.Models)}; n = {string.Join(", ", experiment.SampleSizes)}; " +
                $"{experiment.DataSeeds.Count} data seeds: {experiment.Runs().Count} runs (the experiment is examples/reproduce.json).");
            var code = SweepCommand.Finish(parse, folder, experiment.Runs(), parse.GetValue(jobs), json: false, cancellation, "");
            if (code != 0)
            {
                return code;
            }

            var (html, summary) = ReportCommand.Write([folder.FolderPath], folder.FolderPath);
            Print(summary, stdout);
            stdout.WriteLine($"Report: {html}");
            return 0;
        })));
        return command;
    }

    private static void Print(ExperimentSummary summary, TextWriter stdout)
    {
        static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        static string Pm(BayesFreeEnergy.Estimation.Estimate? e) => e is { } x ? $"{F(x.Value)} ± {F(x.StandardError)}" : "-";
        var table = new Table().Border(TableBorder.Simple).Title("learning coefficient λ per model (means over data seeds ± 1 se)")
            .AddColumns("model", "d", "d/2", "λ_ReLU", "λ WBIC", "λ variance", "n G_n", "slope of F_n-nS_n", "MAP n G_n");
        foreach (var m in summary.Models)
        {
            table.AddRow([.. new[] { m.Model, m.D.ToString(CultureInfo.InvariantCulture), F(m.DHalf), m.LambdaRelu is { } b ? F(b) : "-", Pm(m.LambdaWbic2),
                Pm(m.LambdaVariance), Pm(m.LambdaNG), Pm(m.LambdaSlope), Pm(m.MapNG) }.Select(Markup.Escape)]);
        }

        var console = Terminal.For(stdout);
        console.Write(table);
        var wbic = summary.Models.Select(m => m.LambdaWbic2.Value).ToList();
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"d/2 grows from {summary.Models.Min(m => m.DHalf):0.#} to {summary.Models.Max(m => m.DHalf):0.#}; the WBIC estimate of λ stays between {wbic.Min():0.0} and {wbic.Max():0.0}.")));
    }
}
