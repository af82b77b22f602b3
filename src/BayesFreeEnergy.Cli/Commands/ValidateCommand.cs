using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Reporting;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;
using BayesFreeEnergy.Validation;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe validate</c>: the estimators on models whose answers are known in closed form (docs/theory.md sections 4 and 6),
/// larger than the test suite can afford: a table of estimate, standard error, exact value and the distance in standard errors.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var n = new Option<int>("--n") { Description = "Sample size of every case", DefaultValueFactory = _ => 2000 };
        var chains = new Option<int>("--chains") { Description = "Chains per temperature", DefaultValueFactory = _ => 2 };
        var draws = new Option<int>("--draws") { Description = "Draws per chain", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Seed", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var suite = new Option<string?>("--suite")
        {
            Description = "Run the ground-truth suite instead: relu (teacher-sized and over-parameterized ReLU networks), linear (deep linear networks) or all; every lambda estimator with its verdict, at --sizes and --seeds",
        };
        suite.AcceptOnlyFromAmong([.. GroundTruthSuite.Names]);
        var sizes = new Option<int[]>("--sizes") { Description = "Suite sample sizes", DefaultValueFactory = _ => [.. GroundTruthSuite.SampleSizes], AllowMultipleArgumentsPerToken = true };
        var seeds = new Option<long[]>("--seeds") { Description = "Suite data seeds", DefaultValueFactory = _ => [.. GroundTruthSuite.Seeds], AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--out") { Description = "Suite: folder for validation.json, validation.md and each run as it finishes (rerun to resume)" };
        var command = new Command("validate", "Check the free-energy and lambda estimators against exact values (linear regression, linear networks; --suite: the ground-truth suite with verdicts)")
        {
            n, chains, draws, seed, json, suite, sizes, seeds, output,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            if (parse.GetValue(suite) is { } name)
            {
                return Suite(parse, name, parse.GetValue(sizes)!, parse.GetValue(seeds)!, parse.GetValue(chains), parse.GetValue(draws), parse.GetValue(output),
                    parse.GetValue(json), cancellation);
            }

            var size = parse.GetValue(n);
            var settings = new SamplerSettings { Chains = parse.GetValue(chains), Warmup = 500, Draws = parse.GetValue(draws), Seed = parse.GetValue(seed) };
            var status = parse.InvocationConfiguration.Error;
            IReadOnlyList<ClosedFormRow> rows = [];
            try
            {
                CommandGuard.Named(() => rows = ClosedFormChecks.Run(size, settings, what => status.WriteLine($"bfe validate: {what}"), cancellation),
                    new Dictionary<string, string> { ["n"] = "--n" });
            }
            catch (OperationCanceledException)
            {
                status.WriteLine("bfe: interrupted");
                return 130;
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(parse.InvocationConfiguration.Output, new { n = size, rows });
                return 0;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("case", "quantity", "estimate", "se", "exact", "|z|", "d/2");
            foreach (var row in rows)
            {
                table.AddRow(Markup.Escape(row.Case), Markup.Escape(row.Quantity), Terminal.Number(row.Estimate), Terminal.Number(row.Se), Terminal.Number(row.Exact),
                    row.Z.ToString("0.0", CultureInfo.InvariantCulture), Terminal.Number(row.DHalf));
            }

            Terminal.For(parse.InvocationConfiguration.Output).Write(table);
            return 0;
        })));
        return command;
    }

    private static int Suite(ParseResult parse, string name, int[] sizes, long[] seeds, int chains, int draws, string? folder, bool json, CancellationToken cancellation)
    {
        var status = parse.InvocationConfiguration.Error;
        IReadOnlyList<GroundTruthRun> runs = [];
        try
        {
            CommandGuard.Named(() => runs = GroundTruthSuite.Run(name, sizes, seeds, new SamplerSettings { Chains = chains, Warmup = draws, Draws = draws }, folder, (run, done, total) =>
            {
                var estimates = string.Join(", ", run.Estimates.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value.Value:0.##} ± {e.Value.StandardError:0.##} {e.Value.Status}")));
                status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bfe validate: [{done}/{total}] {run.Case}, n = {run.N}, seed {run.Seed}: {run.Seconds:0.0} s; ") + estimates);
            }, cancellation), new Dictionary<string, string> { ["sizes"] = "--sizes" });
        }
        catch (OperationCanceledException)
        {
            status.WriteLine("bfe: interrupted");
            return 130;
        }

        var summary = GroundTruthSummary.Compute(runs);
        // The runs' own times add up to the wall time of one uninterrupted invocation (runs go one after another), also when
        // some were kept from an earlier, resumed one.
        var markdown = ValidationTable.Markdown(summary, $"bfe validate --suite {name} --sizes {string.Join(' ', sizes)} --seeds {string.Join(' ', seeds)}",
            TimeSpan.FromSeconds(runs.Sum(r => r.Seconds)));
        if (folder is not null)
        {
            AtomicFile.Write(Path.Combine(folder, "validation.json"), writer => JsonOutput.Write(writer, new { suite = name, runs, summary }));
            AtomicFile.Write(Path.Combine(folder, "validation.md"), writer => writer.Write(markdown));
        }

        if (json)
        {
            JsonOutput.Write(parse.InvocationConfiguration.Output, new { suite = name, runs, summary });
        }
        else
        {
            parse.InvocationConfiguration.Output.Write(markdown);
        }

        return 0;
    }
}
