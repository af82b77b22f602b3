using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// WBIC and the two lambda estimators that use draws at two temperatures near 1/log n, each with its verdict.
/// </summary>
/// <param name="Wbic">E_{beta1}[n L_n] (WBIC when beta1 = 1/log n); judged by convergence alone.</param>
/// <param name="TwoTemperatures">(E_{beta1}[n L_n] - E_{beta2}[n L_n]) / (1/beta1 - 1/beta2).</param>
/// <param name="Variance">beta1^2 Var_{beta1}[n L_n].</param>
/// <param name="HeatCapacity">beta^2 Var_beta[n L_n] at every temperature given (the single-phase check compares them).</param>
/// <param name="Phases">What the single-phase check found; empty when the heat capacities agree.</param>
public sealed record TemperedLambdaEstimates(CheckedEstimate Wbic, CheckedEstimate TwoTemperatures, CheckedEstimate Variance,
    IReadOnlyList<HeatCapacity> HeatCapacity, IReadOnlyList<string> Phases)
{
    /// <summary>
    /// Judges an LLC made at the same data against these estimates: it samples beta = 1/log n too, so a posterior that
    /// changes phase between there and beta = 1 makes it measure a phase as well; and it cannot lie below an ok global
    /// estimate (<see cref="LearningCoefficientChecks.NotBelowGlobal"/>).
    /// </summary>
    /// <param name="llc">The LLC with its own verdict.</param>
    /// <param name="beta">1/log n.</param>
    public CheckedEstimate JudgeLocal(CheckedEstimate llc, double beta)
    {
        ArgumentNullException.ThrowIfNull(llc);
        return CheckedEstimate.Judge(llc.Estimate, [.. llc.Reasons, .. Phases, .. LearningCoefficientChecks.NotBelowGlobal(llc.Estimate, Variance, beta)]);
    }

    /// <summary>Computes and judges the estimates.</summary>
    /// <param name="chains1">Draws at <paramref name="beta1"/>.</param>
    /// <param name="beta1">The first temperature, normally 1/log n.</param>
    /// <param name="chains2">Draws at <paramref name="beta2"/>.</param>
    /// <param name="beta2">The second temperature, normally 1.5/log n.</param>
    /// <param name="dimension">The model's d.</param>
    /// <param name="bound">A proven upper bound on lambda, or null.</param>
    /// <param name="posterior">Draws at beta = 1, when there are some: the single-phase check then spans 1/log n to 1 and catches a posterior that sits in a simpler phase at 1/log n.</param>
    public static TemperedLambdaEstimates Compute(IReadOnlyList<ChainResult> chains1, double beta1, IReadOnlyList<ChainResult> chains2, double beta2,
        int dimension, double? bound, IReadOnlyList<ChainResult>? posterior = null)
    {
        var convergence1 = LearningCoefficientChecks.Convergence(chains1, beta1);
        var convergence = convergence1.Concat(LearningCoefficientChecks.Convergence(chains2, beta2)).ToList();
        var variance1 = LearningCoefficientEstimators.FromVariance(chains1, beta1);
        List<HeatCapacity> heat = [new(beta1, variance1), new(beta2, LearningCoefficientEstimators.FromVariance(chains2, beta2))];
        if (posterior is not null && beta1 < 1 && beta2 < 1)
        {
            // The beta = 1 draws only serve the phase check: few effective draws widen its tolerance through their standard
            // error, but chains that disagree leave it without a reference.
            heat.Add(new HeatCapacity(1, LearningCoefficientEstimators.FromVariance(posterior, 1)));
            convergence.AddRange(LearningCoefficientChecks.Convergence(posterior, 1).Where(ConvergenceRule.IsWorseThanTooFewDraws));
        }

        var phase = LearningCoefficientChecks.SinglePhase([.. heat.Select(h => (h.Beta, h.Value))]);
        var twoTemperatures = LearningCoefficientEstimators.FromTwoTemperatures(chains1, beta1, chains2, beta2);
        return new TemperedLambdaEstimates(
            CheckedEstimate.Judge(LearningCoefficientEstimators.Wbic(chains1), convergence1),
            CheckedEstimate.Judge(twoTemperatures, [.. convergence, .. phase, .. LearningCoefficientChecks.Plausible(twoTemperatures, dimension, bound)]),
            CheckedEstimate.Judge(variance1, [.. convergence, .. phase, .. LearningCoefficientChecks.Plausible(variance1, dimension, bound)]),
            heat, phase);
    }
}

/// <summary>beta^2 Var_beta[n L_n] at one temperature: lambda in a single phase, whatever beta.</summary>
/// <param name="Beta">The temperature.</param>
/// <param name="Value">The heat capacity with its standard error.</param>
public sealed record HeatCapacity(double Beta, Estimate Value);
