using System.CommandLine;
using BayesFreeEnergy.Experiments;
using BayesFreeEnergy.Reporting;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe report</c>: the HTML report, plots and tables of one or more results folders of an experiment.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Results folders of one experiment (several: shards, combined)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Report folder (default: the first results folder)" };
        var command = new Command("report", "Write report.html (plots embedded), PNG/SVG plots and CSV tables from sweep results") { folders, output };
        command.SetAction(parse => CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var paths = parse.GetValue(folders)!;
            var folder = parse.GetValue(output) ?? paths[0];
            var (html, _) = Write(paths, folder);
            parse.InvocationConfiguration.Output.WriteLine($"wrote {html}");
            return 0;
        }));
        return command;
    }

    /// <summary>Writes the report of <paramref name="paths"/> into <paramref name="folder"/>; returns the HTML file and the summary.</summary>
    public static (string Html, ExperimentSummary Summary) Write(IReadOnlyList<string> paths, string folder)
    {
        var (experiment, results) = SweepFolder.ReadAll(paths);
        if (results.Count == 0)
        {
            throw new UsageException($"no finished runs in {string.Join(", ", paths)} yet; run bfe sweep first");
        }

        var summary = ExperimentSummary.Compute(experiment, results);
        ExperimentReport.Write(folder, summary, results, VariationalComparison.Read(paths[0]));
        return (Path.Combine(folder, "report.html"), summary);
    }
}
