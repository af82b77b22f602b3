using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>Posterior means of n L_n(w) and friends over a set of chains, with MCSEs from the chains' ESS.</summary>
public static class PosteriorExpectation
{
    /// <summary>E_beta[n L_n(w)] from the chains' nLn column.</summary>
    public static Estimate NegLogLikelihood(IReadOnlyList<ChainResult> chains) => Mean(NegLogLikelihoodDraws(chains));

    /// <summary>Var_beta[n L_n(w)], with the MCSE of the mean of (nLn - mean)^2 (the uncertainty of the centre is of lower order).</summary>
    public static Estimate NegLogLikelihoodVariance(IReadOnlyList<ChainResult> chains)
    {
        var values = NegLogLikelihoodDraws(chains);
        var mean = values.SelectMany(c => c).Average();
        var total = values.Sum(c => c.Length);
        var squares = values.Select(c => c.Select(x => (x - mean) * (x - mean)).ToArray()).ToArray();
        var variance = squares.SelectMany(c => c).Sum() / (total - 1);
        return new Estimate(variance, ConvergenceDiagnostics.McseMean(squares));
    }

    /// <summary>The mean of per-chain draws with its MCSE.</summary>
    public static Estimate Mean(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        return new Estimate(chains.SelectMany(c => c).Average(), ConvergenceDiagnostics.McseMean(chains));
    }

    /// <summary>The n L_n draws of every chain.</summary>
    public static double[][] NegLogLikelihoodDraws(IReadOnlyList<ChainResult> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        return [.. chains.Select(c => c.Draws.Column(ChainResult.NegLogLikelihoodColumn))];
    }
}
