using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Experiments;

/// <summary>One run of a sweep in one flat row: the numbers of runs.csv and the diagnostics table.</summary>
/// <param name="Id">Run id.</param>
/// <param name="Model">Architecture.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Width">Widest hidden layer.</param>
/// <param name="D">Parameter count.</param>
/// <param name="N">Sample size.</param>
/// <param name="Seed">Data seed.</param>
/// <param name="FreeEnergySs">F_n by stepping-stone.</param>
/// <param name="FreeEnergyTi">F_n by thermodynamic integration.</param>
/// <param name="NSn">n S_n.</param>
/// <param name="FreeEnergyMinusNSn">F_n (stepping-stone) - n S_n, with the stepping-stone standard error.</param>
/// <param name="LambdaWbic2">lambda from two WBIC temperatures, with its verdict.</param>
/// <param name="LambdaVariance">lambda from the variance at the WBIC temperature, with its verdict.</param>
/// <param name="G">Bayes G_n.</param>
/// <param name="NG">Bayes n G_n.</param>
/// <param name="MapNG">MAP plug-in n G_n (null without a MAP fit).</param>
/// <param name="Waic">WAIC on the loss scale.</param>
/// <param name="GPlusS">G_n + S, which WAIC estimates.</param>
/// <param name="MaxRhat">Largest R-hat of n L_n over the rungs.</param>
/// <param name="MinEssBulk">Smallest bulk ESS of n L_n over the rungs.</param>
/// <param name="Divergences">Divergent transitions after warm-up over all rungs.</param>
/// <param name="DivergentFraction">Their share of all post-warm-up transitions.</param>
/// <param name="MinSwapRate">Lowest swap acceptance between neighbouring rungs.</param>
/// <param name="RoundTrips">Round trips of states between prior and posterior after warm-up.</param>
/// <param name="Flags">What makes an estimate of the run unreliable (the verdicts' reasons, and divergences); empty when the run passed.</param>
/// <param name="WallSeconds">Run time.</param>
public sealed record RunRow(string Id, string Model, int Depth, int Width, int D, int N, long Seed, Estimate FreeEnergySs, Estimate FreeEnergyTi,
    double NSn, Estimate FreeEnergyMinusNSn, CheckedEstimate LambdaWbic2, CheckedEstimate LambdaVariance, Estimate G, Estimate NG, Estimate? MapNG,
    Estimate Waic, double GPlusS, double MaxRhat, double MinEssBulk, int Divergences, double DivergentFraction, double MinSwapRate, long RoundTrips,
    IReadOnlyList<string> Flags, double WallSeconds)
{
    /// <summary>Divergent share of transitions above which a run is flagged.</summary>
    public const double DivergentFractionThreshold = 0.01;

    /// <summary>Whether every diagnostic passed.</summary>
    public bool Passed => Flags.Count == 0;

    /// <summary>Why the stepping-stone F_n of this run is unreliable (empty when it is ok).</summary>
    public IReadOnlyList<string> FreeEnergyProblems { get; init; } = [];

    /// <summary>Why the beta = 1 draws (G_n, WAIC) are unreliable: the convergence rule at beta = 1 (empty when they pass).</summary>
    public IReadOnlyList<string> PosteriorProblems { get; init; } = [];

    /// <summary>Flattens one result.</summary>
    public static RunRow From(ExperimentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var f = result.FreeEnergy;
        var t = f.Teacher ?? throw new ArgumentException("a sweep result always has a teacher comparison", nameof(result));
        var nSn = f.N * t.Sn;
        var maxRhat = f.Rungs.Max(r => r.RhatNll);
        var minEss = f.Rungs.Min(r => r.EssBulkNll);
        var divergences = f.Rungs.Sum(r => r.Divergences);
        var fraction = (double)divergences / (f.Rungs.Count * f.Settings.Chains * f.Settings.Draws);
        var minSwap = f.SwapRates.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min();
        var flags = f.SteppingStone.Reasons.Concat(f.LambdaWbic2.Reasons).Concat(f.LambdaVariance.Reasons).Distinct().ToList();
        if (fraction > DivergentFractionThreshold)
        {
            flags.Add(FormattableString.Invariant($"{100 * fraction:0.#}% divergent"));
        }

        var architecture = Networks.Architecture.Parse(result.Model);
        var width = architecture.LayerCount > 1 ? architecture.Widths.Skip(1).SkipLast(1).Max() : 0;
        return new RunRow(result.Id, result.Model, result.Depth, width, f.D, f.N, result.Seed, f.SteppingStone.Estimate,
            new Estimate(f.Ti.Value, f.Ti.StandardError), nSn, new Estimate(f.SteppingStone.Value - nSn, f.SteppingStone.StandardError),
            f.LambdaWbic2, f.LambdaVariance, t.G, t.NG, result.Map?.NG, new Estimate(f.Waic.Value, f.Waic.Se), t.G.Value + t.S,
            maxRhat, minEss, divergences, fraction, minSwap, f.RoundTrips, flags, result.WallSeconds)
        {
            FreeEnergyProblems = f.SteppingStone.Reasons,
            PosteriorProblems = f.Rungs[^1].Problems,
        };
    }
}
