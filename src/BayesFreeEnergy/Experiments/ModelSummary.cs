using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Experiments;

/// <summary>One model across sample sizes and seeds.</summary>
/// <param name="Model">Architecture.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Width">Widest hidden layer.</param>
/// <param name="D">Parameter count.</param>
/// <param name="DHalf">d/2, the regular-model lambda.</param>
/// <param name="LambdaRelu">The ReLU bound on lambda; null when its conditions fail.</param>
/// <param name="LargestN">The sample size the per-model lambda estimates come from.</param>
/// <param name="LambdaWbic2">Two-temperature WBIC lambda at the largest n, mean over seeds.</param>
/// <param name="LambdaVariance">Variance lambda at the largest n, mean over seeds.</param>
/// <param name="LambdaNG">Mean n G_n at the largest n (E[n G_n] tends to lambda).</param>
/// <param name="LambdaSlope">Slope of F_n - n S_n against log n (null with a single sample size).</param>
/// <param name="MapNG">Mean n G_n of the MAP plug-in predictive at the largest n (null without MAP fits).</param>
/// <param name="BySize">Means over seeds per sample size.</param>
public sealed record ModelSummary(string Model, int Depth, int Width, int D, double DHalf, double? LambdaRelu, int LargestN, Estimate LambdaWbic2,
    Estimate LambdaVariance, Estimate LambdaNG, Estimate? LambdaSlope, Estimate? MapNG, IReadOnlyList<SizeSummary> BySize)
{
    /// <summary>Summarizes the rows of one model.</summary>
    public static ModelSummary Compute(ExperimentDefinition experiment, IReadOnlyList<RunRow> rows)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(rows);
        var first = rows[0];
        var bySize = rows.GroupBy(r => r.N).OrderBy(g => g.Key).Select(g => SizeSummary.Compute([.. g])).ToList();
        var largest = bySize[^1];
        var bound = ReluLearningCoefficientBound.Evaluate(experiment.Teacher.Architecture, Networks.Architecture.Parse(first.Model), experiment.Teacher);
        var slope = bySize.Count >= 2 ? SampleSizeEstimators.Slope([.. bySize.Select(s => s.N)], [.. bySize.Select(s => s.FreeEnergyMinusNSn)]) : (Estimate?)null;
        return new ModelSummary(first.Model, first.Depth, first.Width, first.D, first.D / 2.0, bound.LambdaRelu, largest.N, largest.LambdaWbic2,
            largest.LambdaVariance, largest.NG, slope, largest.MapNG, bySize);
    }
}
