using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Experiments;

/// <summary>One model at one sample size: means over data seeds.</summary>
/// <param name="N">Sample size.</param>
/// <param name="Seeds">Data sets averaged.</param>
/// <param name="FreeEnergyMinusNSn">F_n (stepping-stone) - n S_n.</param>
/// <param name="LambdaWbic2">Two-temperature WBIC lambda.</param>
/// <param name="LambdaVariance">Variance lambda.</param>
/// <param name="NG">Bayes n G_n.</param>
/// <param name="MapNG">MAP plug-in n G_n (null without MAP fits).</param>
public sealed record SizeSummary(int N, int Seeds, Estimate FreeEnergyMinusNSn, Estimate LambdaWbic2, Estimate LambdaVariance, Estimate NG, Estimate? MapNG)
{
    /// <summary>Averages the rows of one model and sample size.</summary>
    public static SizeSummary Compute(IReadOnlyList<RunRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Estimate Mean(Func<RunRow, Estimate> pick) => ExperimentSummary.MeanOverSeeds([.. rows.Select(pick)]);
        var maps = rows.Where(r => r.MapNG is not null).Select(r => r.MapNG!.Value).ToList();
        return new SizeSummary(rows[0].N, rows.Count, Mean(r => r.FreeEnergyMinusNSn), Mean(r => r.LambdaWbic2.Estimate), Mean(r => r.LambdaVariance.Estimate),
            Mean(r => r.NG), maps.Count == rows.Count ? ExperimentSummary.MeanOverSeeds(maps) : null);
    }
}
