using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary>
/// <c>bfe validate</c>: the estimators on models whose answers are known in closed form (theory.md sections 4 and 6),
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
        var command = new Command("validate", "Check the free-energy and lambda estimators against exact values (linear regression, linear networks)")
        {
            n, chains, draws, seed, json,
        };
        command.SetAction((parse, cancellation) => Task.FromResult(CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
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
