using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// A sweep's results reduced to what the theorem is about: per model and sample size the means over data seeds, and
/// per model lambda estimated four ways beside d/2 and lambda_ReLU.
/// </summary>
/// <param name="Experiment">The experiment.</param>
/// <param name="Runs">One row per finished run.</param>
/// <param name="Models">One summary per model with results, in the experiment's order.</param>
/// <param name="MissingRuns">Runs of the experiment without a result.</param>
public sealed record ExperimentSummary(ExperimentDefinition Experiment, IReadOnlyList<RunRow> Runs, IReadOnlyList<ModelSummary> Models,
    IReadOnlyList<string> MissingRuns)
{
    /// <summary>Summarizes <paramref name="results"/> of <paramref name="experiment"/>.</summary>
    public static ExperimentSummary Compute(ExperimentDefinition experiment, IReadOnlyList<ExperimentRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Select(RunRow.From).ToList();
        var done = rows.Select(r => r.Id).ToHashSet();
        var models = experiment.Models.Select(m => m.ToString()).Where(m => rows.Any(r => r.Model == m))
            .Select(m => ModelSummary.Compute(experiment, [.. rows.Where(r => r.Model == m)])).ToList();
        return new ExperimentSummary(experiment, rows, models, [.. experiment.Runs().Select(r => r.Id).Where(id => !done.Contains(id))]);
    }

    /// <summary>The mean of per-seed estimates: with two or more seeds its standard error is their scatter over sqrt(k), with one the run's own.</summary>
    public static Estimate MeanOverSeeds(IReadOnlyList<Estimate> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count switch
        {
            0 => throw new ArgumentException("no values", nameof(values)),
            1 => values[0],
            _ => Estimate.MeanOfIndependent([.. values.Select(v => v.Value)]),
        };
    }
}

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
        return new SizeSummary(rows[0].N, rows.Count, Mean(r => r.FreeEnergyMinusNSn), Mean(r => r.LambdaWbic2), Mean(r => r.LambdaVariance),
            Mean(r => r.NG), maps.Count == rows.Count ? ExperimentSummary.MeanOverSeeds(maps) : null);
    }
}
