using System.CommandLine;
using BayesFreeEnergy.Experiments;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe merge</c>: combines results folders of one experiment (the shards of a cluster job) into one.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var folders = new Argument<string[]>("folders") { Description = "Results folders of the same experiment", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Merged results folder (may be one of the inputs)", Required = true };
        var command = new Command("merge", "Combine the results folders of one experiment's shards into one folder") { folders, output };
        command.SetAction(parse => CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var (experiment, results) = SweepFolder.ReadAll(parse.GetValue(folders)!);
            var merged = SweepFolder.Create(parse.GetValue(output)!, experiment);
            var runs = experiment.Runs().ToDictionary(run => run.Id);
            var added = 0;
            foreach (var result in results.Where(r => !merged.IsFinished(runs[r.Id])))
            {
                merged.Write(result);
                added++;
            }

            var missing = runs.Values.Count(r => !merged.IsFinished(r));
            var stdout = parse.InvocationConfiguration.Output;
            stdout.WriteLine($"merged {added} new runs into {merged.FolderPath}; {runs.Count - missing} of {runs.Count} runs are done");
            if (missing > 0)
            {
                stdout.WriteLine($"{missing} runs have no result yet: rerun their shards (bfe sweep resumes), then merge again");
            }

            return 0;
        }));
        return command;
    }
}
