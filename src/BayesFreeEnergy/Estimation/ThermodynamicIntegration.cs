namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Free energy by thermodynamic integration, F_n = ∫_0^1 E_beta[n L_n(w)] d beta (docs/theory.md), over a ladder whose
/// first rung is beta = 0 and last beta = 1 (a normalized prior is required). The rule is the trapezoid rule corrected
/// with the exact derivative of the integrand, d/d beta E_beta[n L_n] = -Var_beta[n L_n] (Friel, Hurn and Wyse 2014,
/// Statistics and Computing 24): on [a, b] with h = b - a, h (f(a) + f(b)) / 2 + h^2 (V(b) - V(a)) / 12. Its error is
/// O(h^5) per interval where the plain trapezoid's is O(h^3), which on the default ladders takes it from several
/// standard errors to below one.
/// </summary>
/// <param name="FreeEnergy">F_n; its standard error combines the Monte Carlo error and the quadrature error estimate.</param>
/// <param name="MonteCarloError">The Monte Carlo part of the standard error (rung errors combined as independent).</param>
/// <param name="DiscretisationError">
/// The quadrature error estimate: the difference to the same rule on every other rung, divided by 2^4 - 1 as
/// Richardson's rule for an O(h^4) method says (NaN with fewer than three rungs).
/// </param>
/// <param name="Integrand">E_beta[n L_n] per rung with its MCSE.</param>
public sealed record ThermodynamicIntegration(Estimate FreeEnergy, double MonteCarloError, double DiscretisationError, IReadOnlyList<Estimate> Integrand)
{
    /// <summary>Integrates the per-rung means <paramref name="integrand"/> with the variances <paramref name="variance"/> over <paramref name="betas"/>.</summary>
    /// <param name="betas">The ladder, from 0 to 1, increasing.</param>
    /// <param name="integrand">E_beta[n L_n] per rung.</param>
    /// <param name="variance">Var_beta[n L_n] per rung.</param>
    public static ThermodynamicIntegration Compute(IReadOnlyList<double> betas, IReadOnlyList<Estimate> integrand, IReadOnlyList<Estimate> variance)
    {
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(integrand);
        ArgumentNullException.ThrowIfNull(variance);
        if (betas.Count < 2 || betas.Count != integrand.Count || betas.Count != variance.Count || betas[0] != 0 || betas[^1] != 1)
        {
            throw new ArgumentException("thermodynamic integration needs a ladder from beta = 0 to beta = 1 with one mean and one variance per rung");
        }

        var all = Enumerable.Range(0, betas.Count).ToArray();
        var (value, mcVariance) = Rule(betas, integrand, variance, all);
        var mc = Math.Sqrt(mcVariance);
        var coarse = all.Where(j => j % 2 == 0 || j == betas.Count - 1).ToArray();
        var discretisation = betas.Count > 2 ? Math.Abs(value - Rule(betas, integrand, variance, coarse).Value) / 15 : double.NaN;
        var total = double.IsNaN(discretisation) ? mc : Math.Sqrt((mc * mc) + (discretisation * discretisation));
        return new ThermodynamicIntegration(new Estimate(value, total), mc, discretisation, integrand);
    }

    /// <summary>From a replica-exchange run whose ladder starts at 0 and ends at 1.</summary>
    public static ThermodynamicIntegration Compute(Sampling.ReplicaExchangeResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Compute(run.Betas, [.. run.Rungs.Select(PosteriorExpectation.NegLogLikelihood)], [.. run.Rungs.Select(PosteriorExpectation.NegLogLikelihoodVariance)]);
    }

    // The corrected trapezoid rule over the rungs in `nodes`, with the variance of its Monte Carlo error.
    private static (double Value, double McVariance) Rule(IReadOnlyList<double> betas, IReadOnlyList<Estimate> mean, IReadOnlyList<Estimate> variance, int[] nodes)
    {
        var meanWeights = new double[betas.Count];
        var varianceWeights = new double[betas.Count];
        for (var k = 1; k < nodes.Length; k++)
        {
            int a = nodes[k - 1], b = nodes[k];
            var h = betas[b] - betas[a];
            meanWeights[a] += h / 2;
            meanWeights[b] += h / 2;
            varianceWeights[a] -= h * h / 12;
            varianceWeights[b] += h * h / 12;
        }

        double value = 0, mc = 0;
        foreach (var j in nodes)
        {
            value += (meanWeights[j] * mean[j].Value) + (varianceWeights[j] * variance[j].Value);
            mc += Square(meanWeights[j] * mean[j].StandardError) + Square(varianceWeights[j] * variance[j].StandardError);
        }

        return (value, mc);
    }

    private static double Square(double x) => x * x;
}
