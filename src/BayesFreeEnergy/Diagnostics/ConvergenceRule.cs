using System.Globalization;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Diagnostics;

/// <summary>
/// The convergence rule of Vehtari, Gelman, Simpson, Carpenter and Bürkner (2021, Bayesian Analysis): a quantity's
/// chains have converged when R-hat is below 1.01 <em>and</em> its bulk and tail ESS are at least 100 per chain. Below
/// that ESS, R-hat cannot tell converged chains from stuck ones, so a low ESS is itself the finding. And since R-hat of
/// perfectly mixing chains scatters above 1 by an amount set by their effective draws (2 chains of 300 draws pass 1.01
/// about one time in ten), chains are said to disagree only when R-hat also exceeds what mixing chains with that many
/// effective draws produce in 999 of 1000 cases.
/// </summary>
public static class ConvergenceRule
{
    /// <summary>R-hat at or above this, and above the noise limit, means the chains disagree.</summary>
    public const double RhatThreshold = 1.01;

    /// <summary>Bulk and tail ESS per chain below this leave R-hat and the MCSE without meaning.</summary>
    public const double MinimumEssPerChain = 100;

    /// <summary>How every reason for too few effective draws begins (the others say that chains disagree).</summary>
    public const string TooFewDraws = "too few effective draws";

    /// <summary>The quantile of the R-hat of mixing chains above which R-hat counts as disagreement.</summary>
    public const double NoiseQuantile = 0.999;

    /// <summary>
    /// What is wrong with the chains of <paramref name="quantity"/> (empty when they pass the rule).
    /// </summary>
    /// <param name="quantity">Name used in the reasons, e.g. "n L_n at beta 0.114".</param>
    /// <param name="chains">One array of draws per chain, of equal lengths.</param>
    public static IReadOnlyList<string> Check(string quantity, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var rhat = ConvergenceDiagnostics.Rhat(chains);
        var bulk = ConvergenceDiagnostics.EssBulk(chains);
        var tail = ConvergenceDiagnostics.EssTail(chains);
        var needed = MinimumEssPerChain * chains.Count;

        // The noise limit uses each chain's own effective draws: the pooled bulk ESS collapses when chains disagree, which
        // would raise the limit exactly when R-hat should pass it.
        var within = chains.Sum(c => ConvergenceDiagnostics.EssBulk([c]));
        var limit = Math.Max(RhatThreshold, NoiseLimit(within, chains.Count));
        if (rhat >= limit)
        {
            return [string.Create(CultureInfo.InvariantCulture,
                $"chains disagree about {quantity} (R-hat {rhat:0.000}, above the {limit:0.000} that mixing chains with these draws reach): they sit in different basins or have not mixed")];
        }

        if (!(bulk >= needed && tail >= needed))
        {
            return [string.Create(CultureInfo.InvariantCulture,
                $"{TooFewDraws} of {quantity} (bulk ESS {bulk:0}, tail ESS {tail:0}; the rule needs {needed:0}, 100 per chain): its standard error and R-hat mean little; run longer")];
        }

        return [];
    }

    /// <summary>
    /// Whether <paramref name="reason"/> says more than that draws were too few: chains that disagree, or anything else.
    /// A mean over data sets, whose standard error is the scatter of the per-set values, is hurt by chains that disagree
    /// (a bias) but not by one set's imprecise Monte Carlo error, which that scatter already holds.
    /// </summary>
    public static bool IsWorseThanTooFewDraws(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return !reason.StartsWith(TooFewDraws, StringComparison.Ordinal);
    }

    /// <summary>
    /// The <see cref="NoiseQuantile"/> quantile of split R-hat for mixing chains with <paramref name="bulk"/> effective
    /// draws in all: with m = 2 x chains halves of N = bulk / m effective draws each, R-hat^2 is about 1 + (F - 1) / N with
    /// F ~ chi^2_{m-1} / (m - 1) (the between-to-within variance ratio), so the limit is sqrt(1 + (F_q - 1) / N).
    /// </summary>
    public static double NoiseLimit(double bulk, int chains)
    {
        if (!(bulk > 0))
        {
            return double.PositiveInfinity;
        }

        var m = 2 * chains;
        var f = ChiSquareQuantile(NoiseQuantile, m - 1) / (m - 1);
        return Math.Sqrt(1 + (Math.Max(f - 1, 0) / (bulk / m)));
    }

    // Wilson and Hilferty's (1931) cube-root approximation, within a percent for the degrees of freedom used here.
    private static double ChiSquareQuantile(double p, int degrees)
    {
        var k = (double)degrees;
        var z = NormalDistribution.Quantile(p);
        var c = 2 / (9 * k);
        return k * Math.Pow(1 - c + (z * Math.Sqrt(c)), 3);
    }
}
