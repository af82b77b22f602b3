using System.Text.Json.Serialization;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>Everything one replica-exchange run tells about a model and its data (see <see cref="FreeEnergyAnalysis"/>).</summary>
/// <param name="Model">The model's architecture.</param>
/// <param name="N">Sample size n.</param>
/// <param name="D">Parameter count d.</param>
/// <param name="Betas">The ladder.</param>
/// <param name="SwapRates">Swap acceptance between neighbouring rungs.</param>
/// <param name="RoundTrips">Round trips of states from the prior to the posterior and back, after warm-up.</param>
/// <param name="Integrand">E_beta[n L_n] per rung.</param>
/// <param name="Ti">F_n by thermodynamic integration.</param>
/// <param name="SteppingStone">F_n by stepping-stone, the headline estimate, with its verdict.</param>
/// <param name="Wbic">WBIC.</param>
/// <param name="LambdaWbic2">lambda from the two WBIC temperatures.</param>
/// <param name="LambdaVariance">lambda from beta^2 Var[n L_n] at the WBIC temperature.</param>
/// <param name="Waic">WAIC on both scales.</param>
/// <param name="Loo">PSIS-LOO.</param>
/// <param name="Teacher">Comparison with the teacher, when it is known.</param>
/// <param name="HeldOutLoss">-mean log p*(y|x) on held-out data, when given.</param>
/// <param name="Rungs">Convergence of n L_n per rung.</param>
/// <param name="Settings">The sampler settings (with the seed).</param>
/// <param name="Warnings">What the reader should not overlook.</param>
/// <param name="WallSeconds">Sampling time.</param>
/// <param name="DataHash">SHA-256 of the data fitted (<see cref="Data.Dataset.Hash"/>); null in results from before it was recorded.</param>
public sealed record FreeEnergyReport(string Model, int N, int D, IReadOnlyList<double> Betas, IReadOnlyList<double> SwapRates, long RoundTrips,
    IReadOnlyList<Estimate> Integrand, TiEstimate Ti, CheckedEstimate SteppingStone, CheckedEstimate Wbic, CheckedEstimate LambdaWbic2, CheckedEstimate LambdaVariance,
    WaicSummary Waic, LooSummary Loo, TeacherComparison? Teacher, Estimate? HeldOutLoss, IReadOnlyList<RungDiagnostics> Rungs,
    SamplerSettings Settings, IReadOnlyList<string> Warnings, double WallSeconds, string? DataHash = null);

/// <summary>F_n by thermodynamic integration (see <see cref="ThermodynamicIntegration"/>).</summary>
/// <param name="Value">The corrected-trapezoid estimate.</param>
/// <param name="StandardError">Its standard error: Monte Carlo and quadrature error combined.</param>
/// <param name="McSe">The Monte Carlo part alone.</param>
/// <param name="DiscretisationError">The quadrature error estimate (Richardson, from the every-other-rung rule).</param>
public sealed record TiEstimate(double Value, [property: JsonPropertyName("se")] double StandardError, double McSe, double DiscretisationError);

/// <summary>WAIC: value and se on the loss scale (T_n + V_n / n); the rest as loo and ArviZ name them.</summary>
/// <param name="Value">WAIC on the loss scale.</param>
/// <param name="Se">Its standard error.</param>
/// <param name="ElpdWaic">elpd_waic = -n WAIC.</param>
/// <param name="SeElpdWaic">Standard error of elpd_waic.</param>
/// <param name="PWaic">p_waic = V_n.</param>
/// <param name="Waic">The deviance scale -2 elpd_waic.</param>
/// <param name="TrainingLoss">T_n.</param>
public sealed record WaicSummary(double Value, double Se, double ElpdWaic, double SeElpdWaic, double PWaic, double Waic, double TrainingLoss)
{
    /// <summary>The summary of <paramref name="waic"/>.</summary>
    public static WaicSummary Of(Estimation.Waic waic)
    {
        ArgumentNullException.ThrowIfNull(waic);
        return new(waic.LossScale, waic.ElpdWaic.StandardError / waic.Pointwise.Count, waic.ElpdWaic.Value, waic.ElpdWaic.StandardError,
            waic.PWaic.Value, waic.WaicDeviance.Value, waic.TrainingLoss);
    }
}

/// <summary>PSIS-LOO: value and se are elpd_loo and its standard error.</summary>
/// <param name="Value">elpd_loo.</param>
/// <param name="Se">Its standard error.</param>
/// <param name="PLoo">p_loo.</param>
/// <param name="Looic">-2 elpd_loo.</param>
/// <param name="MaxParetoK">The largest Pareto k.</param>
/// <param name="BadPoints">Points with k above 0.7.</param>
/// <param name="McseElpdLoo">Monte Carlo SE of elpd_loo (loo's print), with r_eff from the chains; null when some k exceeds 0.7, where loo reports NA
/// (and in result files written before it was reported).</param>
/// <param name="ParetoKTable">loo's Pareto k diagnostic table (null in result files written before it was reported).</param>
public sealed record LooSummary(double Value, double Se, double PLoo, double Looic, double MaxParetoK, int BadPoints, double? McseElpdLoo = null,
    IReadOnlyList<ParetoKRow>? ParetoKTable = null)
{
    /// <summary>The summary of <paramref name="loo"/>.</summary>
    public static LooSummary Of(PsisLoo loo)
    {
        ArgumentNullException.ThrowIfNull(loo);
        return new(loo.ElpdLoo.Value, loo.ElpdLoo.StandardError, loo.PLoo.Value, loo.LooIc.Value, loo.ParetoK.Max(), loo.BadPoints,
            double.IsNaN(loo.McseElpdLoo) ? null : loo.McseElpdLoo, loo.ParetoKTable);
    }
}

/// <summary>Quantities that need the teacher.</summary>
/// <param name="Sn">Empirical entropy S_n.</param>
/// <param name="S">Entropy S of the true conditional density.</param>
/// <param name="FreeEnergyMinusNSn">F_n (stepping-stone) - n S_n.</param>
/// <param name="G">Generalization error G_n of the Bayes predictive.</param>
/// <param name="NG">n G_n.</param>
/// <param name="DHalf">d/2, the regular-model value of lambda.</param>
/// <param name="LambdaRelu">The ReLU bound on lambda; null when its conditions fail.</param>
public sealed record TeacherComparison(double Sn, double S, double FreeEnergyMinusNSn, Estimate G, Estimate NG, double DHalf, double? LambdaRelu)
{
    /// <summary>
    /// Share of the test points where the Bayes predictive's central 90% band of f holds the teacher's f*
    /// (<see cref="BandCoverage"/>); null in results written before it was kept.
    /// </summary>
    public Estimate? Coverage90 { get; init; }
}

/// <summary>Convergence of n L_n at one rung.</summary>
/// <param name="Beta">The rung.</param>
/// <param name="RhatNll">Rank-normalized R-hat of n L_n.</param>
/// <param name="EssBulkNll">Bulk ESS of n L_n.</param>
/// <param name="EssTailNll">Tail ESS of n L_n.</param>
/// <param name="Divergences">Divergent transitions after warm-up.</param>
/// <param name="Problems">What the convergence rule finds wrong with n L_n at this rung (<see cref="Diagnostics.ConvergenceRule"/>); empty when nothing.</param>
public sealed record RungDiagnostics(double Beta, double RhatNll, double EssBulkNll, double EssTailNll, int Divergences, IReadOnlyList<string> Problems);
