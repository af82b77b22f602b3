using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Experiments;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe sweep</c>: every run of an experiment file, several at once, each result written atomically as it finishes;
/// rerunning resumes, <c>--shard K/N</c> runs one slice for a cluster job array.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("experiment") { Description = "Experiment JSON file (docs/experiments.md; example: examples/experiment.json)" };
        var output = new Option<string>("--out") { Description = "Results folder (created; rerun with the same folder to resume)", Required = true };
        var shard = ShardOption();
        var jobs = JobsOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout at the end" };
        var command = new Command("sweep", "Run every model x sample size x seed of an experiment file, resumably") { file, output, shard, jobs, json };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var experiment = ExperimentFile.Read(parse.GetValue(file)!);
            var runs = Slice(experiment.Runs(), parse.GetValue(shard));

            var folder = SweepFolder.Create(parse.GetValue(output)!, experiment);
            return Finish(parse, folder, runs, parse.GetValue(jobs), parse.GetValue(json), cancellation, "bfe report " + folder.FolderPath);
        })));
        return command;
    }

    public static Option<string?> ShardOption() => new("--shard")
    {
        Description = "Run only slice K of N, written K/N (e.g. a Slurm array task: --shard $((SLURM_ARRAY_TASK_ID))/N)",
    };

    /// <summary>The runs of shard <paramref name="shard"/> (K/N), or all of them when it is null.</summary>
    public static IReadOnlyList<ExperimentRun> Slice(IReadOnlyList<ExperimentRun> runs, string? shard)
    {
        if (shard is null)
        {
            return runs;
        }

        var (k, n) = ParseShard(shard);
        return Sweep.Shard(runs, k, n);
    }

    // Checked while parsing, so a bad value stops the command before it creates its results folder.
    public static Option<int> JobsOption()
    {
        var option = new Option<int>("--jobs")
        {
            Description = "Runs at the same time (default: one per processor)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError($"--jobs must be at least 1, got {result.GetValueOrDefault<int>()}");
            }
        });
        return option;
    }

    /// <summary>Runs the slice and reports; exit code 0, 1 when runs failed, 130 when interrupted (finished runs kept).</summary>
    public static int Finish(ParseResult parse, SweepFolder folder, IReadOnlyList<ExperimentRun> runs, int jobs, bool json,
        CancellationToken cancellation, string next)
    {
        var error = parse.InvocationConfiguration.Error;
        SweepOutcome outcome;
        try
        {
            outcome = SweepConsole.Execute(folder, runs, jobs, error, cancellation);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"bfe: interrupted; finished runs are kept in {folder.FolderPath}. Run the same command again to resume.");
            return CommandGuard.Interrupted;
        }

        var stdout = parse.InvocationConfiguration.Output;
        if (json)
        {
            JsonOutput.Write(stdout, new
            {
                folder = folder.FolderPath,
                experiment_hash = folder.Hash,
                runs = outcome.Runs,
                skipped = outcome.Skipped,
                finished = outcome.Finished,
                failed = outcome.Failures,
                wall_seconds = outcome.WallSeconds,
            });
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcome.Finished} runs finished now, {outcome.Skipped} were already done, {outcome.Failures.Count} failed ({SweepConsole.Duration(outcome.WallSeconds)}); results in {folder.FolderPath}"));
            if (outcome.Failures.Count > 0)
            {
                stdout.WriteLine("rerun the same command to retry the failed runs");
            }
            else if (next.Length > 0)
            {
                stdout.WriteLine($"next: {next}");
            }
        }

        return outcome.Failures.Count == 0 ? 0 : 1;
    }

    private static (int K, int N) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && k >= 1 && k <= n)
        {
            return (k, n);
        }

        throw new UsageException($"--shard must be K/N with 1 <= K <= N, e.g. 3/10; got '{text}'");
    }
}
