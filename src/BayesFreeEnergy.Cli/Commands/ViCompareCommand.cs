using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Experiments;
using BayesFreeEnergy.Variational;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe vi-compare</c>: variational Bayes beside the MCMC results of a finished sweep (e.g. <c>bfe reproduce</c>): per run,
/// mean-field and full-rank F_VB against stepping-stone's F_n, and n G_n of q against the Bayes predictive.
/// </summary>
internal static class ViCompareCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Results folders of one experiment (bfe sweep or bfe reproduce)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Folder for variational.json and variational.md (default: the first results folder, where bfe report finds them)" };
        var json = new Option<bool>("--json") { Description = "Print variational.json on stdout" };
        var command = new Command("vi-compare", "Variational Bayes against MCMC on a finished sweep: F_VB - F_n and n G_n for mean-field and full-rank q") { folders, output, json };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var paths = parse.GetValue(folders)!;
            var (experiment, results) = SweepFolder.ReadAll(paths);
            if (results.Count == 0)
            {
                throw new UsageException($"no finished runs in {string.Join(", ", paths)} yet; run bfe sweep first");
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var rows = Fit(experiment, results, parse.InvocationConfiguration.Error, cancellation);
            var folder = parse.GetValue(output) ?? paths[0];
            var command = $"bfe vi-compare {string.Join(' ', paths.Select(Path.GetFileName))}";
            VariationalComparison.Write(folder, experiment.Name, rows, command, clock.Elapsed);
            var markdown = VariationalComparison.Markdown(rows, command, clock.Elapsed);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, new { experiment = experiment.Name, rows });
            }
            else
            {
                parse.InvocationConfiguration.Output.Write(markdown);
            }

            return 0;
        })));
        return command;
    }

    /// <summary>Fits both families on every run, with a progress bar (or a line per run when not on a terminal).</summary>
    public static IReadOnlyList<VariationalComparisonRow> Fit(ExperimentDefinition experiment, IReadOnlyList<ExperimentRunResult> results, TextWriter status,
        CancellationToken cancellation)
    {
        IReadOnlyList<VariationalComparisonRow> rows = [];
        ProgressDisplay.RunOverall("VI fits", results.Count, (advance, label) =>
            rows = VariationalComparison.Run(experiment, results, new VariationalSettings(), (row, done, total) =>
            {
                advance(1);
                label($"VI: {row.Model}, n = {row.N}, seed {row.Seed}");
                if (!ProgressDisplay.Interactive)
                {
                    status.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"bfe: VI [{done}/{total}] {row.Model} n = {row.N} seed {row.Seed}: F_VB - F_n {row.MeanField.FreeEnergy.Value - row.SteppingStone.Value:0.0} (mean field), {row.FullRank.FreeEnergy.Value - row.SteppingStone.Value:0.0} (full rank)"));
                }
            }, cancellation));
        return rows;
    }
}
