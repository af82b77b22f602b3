using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Validation;

/// <summary>
/// The estimators against closed forms at one sample size (<c>bfe validate</c> without --suite): the free energy of
/// Bayesian linear regression (TI and stepping-stone against the exact marginal likelihood) and the tempered lambda
/// estimators on deep linear networks (against Aoyagi's exact lambda).
/// </summary>
public static class ClosedFormChecks
{
    /// <summary>The deep linear networks checked, as widths and the true rank.</summary>
    public static IReadOnlyList<(string Widths, int Rank)> LinearNetworks { get; } = [("3-3-3", 1), ("2-3-3-2", 1), ("4-4-4", 2), ("3-4-4-3", 1)];

    /// <summary>Runs every case.</summary>
    /// <param name="n">Sample size, Range: at least 10.</param>
    /// <param name="settings">NUTS settings (chains, warm-up, draws, seed).</param>
    /// <param name="onCase">Called with the name of each case as it starts.</param>
    /// <param name="cancellation">Stops the sampling.</param>
    /// <exception cref="InvalidInputException">n below 10.</exception>
    public static IReadOnlyList<ClosedFormRow> Run(int n, SamplerSettings settings, Action<string>? onCase = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (n < 10)
        {
            throw new InvalidInputException($"the closed-form checks need n of at least 10, got {n}", nameof(n));
        }

        onCase?.Invoke("Bayesian linear regression 2-1 (free energy)");
        var rows = new List<ClosedFormRow>(LinearRegression(n, settings, cancellation));
        foreach (var (widths, rank) in LinearNetworks)
        {
            onCase?.Invoke($"linear network {widths}, true rank {rank} (lambda)");
            rows.AddRange(LinearNetwork(widths, rank, n, settings, cancellation));
        }

        return rows;
    }

    private static IEnumerable<ClosedFormRow> LinearRegression(int n, SamplerSettings settings, CancellationToken cancellation)
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

    private static IEnumerable<ClosedFormRow> LinearNetwork(string widths, int rank, int n, SamplerSettings settings, CancellationToken cancellation)
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

    private static ClosedFormRow Row(string name, string quantity, Estimate estimate, double exact, double dHalf) =>
        new(name, quantity, estimate.Value, estimate.StandardError, exact, Math.Abs(estimate.Value - exact) / estimate.StandardError, dHalf);
}
