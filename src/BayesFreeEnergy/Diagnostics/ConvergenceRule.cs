using System.Globalization;

namespace BayesFreeEnergy.Diagnostics;

/// <summary>
/// The convergence rule of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021, Bayesian Analysis): a quantity's
/// chains have converged when R-hat is below 1.01 <em>and</em> its bulk and tail ESS are at least 100 per chain. With
/// fewer effective draws R-hat cannot tell converged chains from stuck ones (2 x 300 draws of a perfectly mixing chain
/// exceed 1.01 often), so a low ESS is itself the finding, not a high R-hat.
/// </summary>
public static class ConvergenceRule
{
    /// <summary>R-hat at or above this means the chains disagree.</summary>
    public const double RhatThreshold = 1.01;

    /// <summary>Bulk and tail ESS per chain below this leave R-hat and the MCSE without meaning.</summary>
    public const double MinimumEssPerChain = 100;

    /// <summary>R-hat above this says the chains disagree even when they have few effective draws (few draws of mixing chains seldom reach it).</summary>
    public const double ClearDisagreement = 1.05;

    /// <summary>
    /// What is wrong with the chains of <paramref name="quantity"/> (empty when they pass the rule).
    /// </summary>
    /// <param name="quantity">Name used in the reasons, e.g. "n L_n at beta 0.114".</param>
    /// <param name="chains">One array of draws per chain, of equal lengths.</param>
    public static IReadOnlyList<string> Check(string quantity, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        return Check(quantity, ConvergenceDiagnostics.Rhat(chains), ConvergenceDiagnostics.EssBulk(chains), ConvergenceDiagnostics.EssTail(chains), chains.Count);
    }

    /// <summary>The same rule from diagnostics already computed.</summary>
    /// <param name="quantity">Name used in the reasons.</param>
    /// <param name="rhat">Rank-normalized R-hat.</param>
    /// <param name="bulk">Bulk ESS of all chains together.</param>
    /// <param name="tail">Tail ESS of all chains together.</param>
    /// <param name="chains">Number of chains.</param>
    public static IReadOnlyList<string> Check(string quantity, double rhat, double bulk, double tail, int chains)
    {
        var needed = MinimumEssPerChain * chains;
        var enough = bulk >= needed && tail >= needed;
        if (rhat >= ClearDisagreement || (enough && rhat >= RhatThreshold))
        {
            return [string.Create(CultureInfo.InvariantCulture,
                $"chains disagree about {quantity} (R-hat {rhat:0.000}, bulk ESS {bulk:0}): they sit in different basins or have not mixed")];
        }

        if (!enough)
        {
            return [string.Create(CultureInfo.InvariantCulture,
                $"too few effective draws of {quantity} (bulk ESS {bulk:0}, tail ESS {tail:0}; the rule needs {needed:0}, 100 per chain): its standard error and R-hat mean little; run longer")];
        }

        return [];
    }
}
