using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Free energy by stepping-stone sampling (Xie et al. 2011): log Z_n = sum_j log E_{beta_{j-1}}[exp(-(beta_j - beta_{j-1}) n L_n(w))],
/// each ratio by log-sum-exp over the draws of rung j - 1; standard errors by the delta method with the ESS of the weights.
/// </summary>
public static class SteppingStone
{
    /// <summary>F_n = -log Z_n from a replica-exchange run whose ladder starts at 0 and ends at 1.</summary>
    public static Estimate FreeEnergy(ReplicaExchangeResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var betas = run.Betas;
        if (betas[0] != 0 || betas[^1] != 1)
        {
            throw new ArgumentException("stepping-stone needs a ladder from beta = 0 to beta = 1");
        }

        var logZ = 0.0;
        var variance = 0.0;
        for (var j = 1; j < betas.Count; j++)
        {
            var step = betas[j] - betas[j - 1];
            var energies = PosteriorExpectation.NegLogLikelihoodDraws(run.Rungs[j - 1]);
            var exponents = energies.Select(c => c.Select(e => -step * e).ToArray()).ToArray();
            var max = exponents.SelectMany(c => c).Max();
            var weights = exponents.Select(c => c.Select(x => Math.Exp(x - max)).ToArray()).ToArray();
            var mean = weights.SelectMany(c => c).Average();
            logZ += max + Math.Log(mean);
            var relative = ConvergenceDiagnostics.McseMean(weights) / mean;
            variance += double.IsNaN(relative) ? 0 : relative * relative;
        }

        return new Estimate(-logZ, Math.Sqrt(variance));
    }
}
