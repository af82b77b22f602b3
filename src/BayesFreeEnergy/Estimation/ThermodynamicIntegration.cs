namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Free energy by thermodynamic integration, F_n = ∫_0^1 E_beta[n L_n(w)] d beta (theory.md section 3), by the
/// trapezoid rule over a ladder whose first rung is beta = 0 and last beta = 1 (a normalized prior is required).
/// </summary>
/// <param name="FreeEnergy">F_n with its Monte Carlo standard error (rung errors combined as independent).</param>
/// <param name="DiscretisationError">|trapezoid on every rung - trapezoid on every other rung|: a conservative estimate of the quadrature error.</param>
/// <param name="Integrand">E_beta[n L_n] per rung with its MCSE.</param>
public sealed record ThermodynamicIntegration(Estimate FreeEnergy, double DiscretisationError, IReadOnlyList<Estimate> Integrand)
{
    /// <summary>Integrates the per-rung estimates <paramref name="integrand"/> over <paramref name="betas"/>.</summary>
    public static ThermodynamicIntegration Compute(IReadOnlyList<double> betas, IReadOnlyList<Estimate> integrand)
    {
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(integrand);
        if (betas.Count < 2 || betas.Count != integrand.Count || betas[0] != 0 || betas[^1] != 1)
        {
            throw new ArgumentException("thermodynamic integration needs a ladder from beta = 0 to beta = 1 with one estimate per rung");
        }

        var weights = TrapezoidWeights(betas);
        var value = weights.Select((w, j) => w * integrand[j].Value).Sum();
        var se = Math.Sqrt(weights.Select((w, j) => w * w * integrand[j].StandardError * integrand[j].StandardError).Sum());
        var coarse = Enumerable.Range(0, betas.Count).Where(j => j % 2 == 0 || j == betas.Count - 1).ToArray();
        var coarseWeights = TrapezoidWeights([.. coarse.Select(j => betas[j])]);
        var coarseValue = coarseWeights.Select((w, k) => w * integrand[coarse[k]].Value).Sum();
        return new ThermodynamicIntegration(new Estimate(value, se), betas.Count > 2 ? Math.Abs(value - coarseValue) : double.NaN, integrand);
    }

    /// <summary>From a replica-exchange run whose ladder starts at 0 and ends at 1.</summary>
    public static ThermodynamicIntegration Compute(Sampling.ReplicaExchangeResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Compute(run.Betas, [.. run.Rungs.Select(PosteriorExpectation.NegLogLikelihood)]);
    }

    private static double[] TrapezoidWeights(IReadOnlyList<double> betas)
    {
        var weights = new double[betas.Count];
        for (var j = 1; j < betas.Count; j++)
        {
            var h = betas[j] - betas[j - 1];
            weights[j - 1] += h / 2;
            weights[j] += h / 2;
        }

        return weights;
    }
}
