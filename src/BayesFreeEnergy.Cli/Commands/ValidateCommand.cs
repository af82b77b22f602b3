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
    private static readonly (string Widths, int Rank)[] LinearCases = [("3-3-3", 1), ("2-3-3-2", 1), ("4-4-4", 2), ("3-4-4-3", 1)];

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
            if (size < 10)
            {
                throw new UsageException($"--n must be at least 10, got {size}");
            }

            var settings = new SamplerSettings { Chains = parse.GetValue(chains), Warmup = 500, Draws = parse.GetValue(draws), Seed = parse.GetValue(seed) };
            var rows = new List<ValidationRow>();
            var status = parse.InvocationConfiguration.Error;
            try
            {
                status.WriteLine("bfe validate: Bayesian linear regression 2-1 (free energy)");
                rows.AddRange(LinearRegression(size, settings, cancellation));
                foreach (var (widths, rank) in LinearCases)
                {
                    status.WriteLine($"bfe validate: linear network {widths}, true rank {rank} (lambda)");
                    rows.AddRange(LinearNetwork(widths, rank, size, settings, cancellation));
                }
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
        if (sizes.Length == 0 || sizes.Any(s => s < 10) || seeds.Length == 0)
        {
            throw new UsageException("--sizes needs sample sizes of at least 10 and --seeds at least one seed");
        }

        var cases = GroundTruthSuite.Cases(name);
        var settings = new SamplerSettings { Chains = chains, Warmup = draws, Draws = draws };
        var status = parse.InvocationConfiguration.Error;
        var runs = new List<GroundTruthRun>();
        var total = cases.Count * sizes.Length * seeds.Length;
        try
        {
            foreach (var groundTruth in cases)
            {
                foreach (var size in sizes)
                {
                    foreach (var seed in seeds)
                    {
                        // With --out every run is kept as it finishes, and a rerun of the same command skips it.
                        var file = folder is null ? null : Path.Combine(folder, "runs", $"{groundTruth.Name.Replace(' ', '_')}_n{size}_s{seed}.json".Replace("(", "").Replace(")", ""));
                        // A kept run is judged against the case's truth as computed now, not the value stored with it.
                        var run = file is not null && File.Exists(file)
                            ? System.Text.Json.JsonSerializer.Deserialize<GroundTruthRun>(File.ReadAllText(file), JsonFormat.Options)! with { Lambda = groundTruth.Lambda(seed), Exact = groundTruth.Exact }
                            : GroundTruthRunner.Run(groundTruth, size, seed, settings, cancellation: cancellation);
                        if (file is not null && !File.Exists(file))
                        {
                            AtomicFile.Write(file, writer => JsonOutput.Write(writer, run));
                        }

                        runs.Add(run);
                        var estimates = string.Join(", ", run.Estimates.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key} {e.Value.Value:0.##} ± {e.Value.StandardError:0.##} {e.Value.Status}")));
                        status.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bfe validate: [{runs.Count}/{total}] {groundTruth.Name}, n = {size}, seed {seed}: {run.Seconds:0.0} s; ") + estimates);
                    }
                }
            }
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

    private static IEnumerable<ValidationRow> LinearRegression(int n, SamplerSettings settings, CancellationToken cancellation)
    {
        var architecture = Architecture.Parse("2-1");
        var teacher = new Network(architecture, [0.8, -0.4, 0.3]);
        var data = TeacherFactory.GenerateData(teacher, n, 0.5, settings.Seed);
        var model = new GaussianRegressionModel(architecture, data, 0.5, new GaussianPrior(1));
        var exact = -new LinearRegressionPosterior(architecture, data, 0.5, 1).LogNormalizer;
        var run = ReplicaExchangeSampler.Run(model, ReplicaExchangeSampler.PowerLadder(24), settings, cancellation: cancellation);
        var ti = ThermodynamicIntegration.Compute(run);
        var ss = SteppingStone.FreeEnergy(run);
        yield return Row("linear regression 2-1", $"F_n, TI (quadrature bound {ti.DiscretisationError:0.###})", ti.FreeEnergy, exact, 1.5);
        yield return Row("linear regression 2-1", "F_n, stepping-stone", ss, exact, 1.5);
    }

    private static IEnumerable<ValidationRow> LinearNetwork(string widths, int rank, int n, SamplerSettings settings, CancellationToken cancellation)
    {
        var teacher = TeacherFactory.CreateLowRankLinear(Architecture.Parse(widths).Widths, rank, settings.Seed);
        var data = TeacherFactory.GenerateData(teacher, n, 0.5, settings.Seed + 1);
        var model = new GaussianRegressionModel(teacher.Architecture, data, 0.5, new GaussianPrior(1));
        var exact = DeepLinearNetwork.LearningCoefficient(teacher.Architecture.Widths, rank);
        var beta1 = LearningCoefficientEstimators.WbicBeta(n);
        var beta2 = 1.5 * beta1;
        var at1 = SamplingService.Run(model, settings with { Beta = beta1 }, cancellation: cancellation).Chains;
        var at2 = SamplingService.Run(model, settings with { Beta = beta2 }, cancellation: cancellation).Chains;
        var name = $"linear {widths}, rank {rank}";
        var half = teacher.Architecture.ParameterCount / 2.0;
        yield return Row(name, "lambda, two temperatures", LearningCoefficientEstimators.FromTwoTemperatures(at1, beta1, at2, beta2), exact, half);
        yield return Row(name, "lambda, variance", LearningCoefficientEstimators.FromVariance(at1, beta1), exact, half);
    }

    private static ValidationRow Row(string name, string quantity, Estimate estimate, double exact, double dHalf) =>
        new(name, quantity, estimate.Value, estimate.StandardError, exact, Math.Abs(estimate.Value - exact) / estimate.StandardError, dHalf);

    private sealed record ValidationRow(string Case, string Quantity, double Estimate, double Se, double Exact, double Z, double DHalf);
}
