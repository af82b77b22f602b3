using System.Globalization;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Experiments;

/// <summary>One model across sample sizes and seeds, with a verdict on each lambda estimate and a one-line conclusion.</summary>
/// <param name="Model">Architecture.</param>
/// <param name="Depth">Hidden layers.</param>
/// <param name="Width">Widest hidden layer.</param>
/// <param name="D">Parameter count.</param>
/// <param name="DHalf">d/2, the regular-model lambda.</param>
/// <param name="LambdaRelu">The ReLU bound on lambda; null when its conditions fail.</param>
/// <param name="LargestN">The sample size the per-model lambda estimates come from.</param>
/// <param name="LambdaWbic2">Two-temperature WBIC lambda at the largest n, mean over seeds (the run's own with one seed); unreliable over 2 seeds, or when a seed's is for more than too few effective draws.</param>
/// <param name="LambdaVariance">Variance lambda at the largest n, mean over seeds; judged the same way.</param>
/// <param name="LambdaNG">Mean n G_n at the largest n (E[n G_n] tends to lambda); unreliable over fewer than 3 seeds or when chains disagree at beta = 1.</param>
/// <param name="LambdaSlope">Slope of F_n - n S_n against log n (null with a single sample size); unreliable over fewer than 3 seeds or when a stepping-stone F_n is for more than too few effective draws.</param>
/// <param name="MapNG">Mean n G_n of the MAP plug-in predictive at the largest n (null without MAP fits).</param>
/// <param name="BySize">Means over seeds per sample size.</param>
/// <param name="Conclusion">One line: whether the trusted estimates agree with lambda_ReLU, and why.</param>
public sealed record ModelSummary(string Model, int Depth, int Width, int D, double DHalf, double? LambdaRelu, int LargestN, CheckedEstimate LambdaWbic2,
    CheckedEstimate LambdaVariance, CheckedEstimate LambdaNG, CheckedEstimate? LambdaSlope, Estimate? MapNG, IReadOnlyList<SizeSummary> BySize, string Conclusion)
{
    /// <summary>Summarizes the rows of one model.</summary>
    public static ModelSummary Compute(ExperimentDefinition experiment, IReadOnlyList<RunRow> rows)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(rows);
        var first = rows[0];
        var bySize = rows.GroupBy(r => r.N).OrderBy(g => g.Key).Select(g => SizeSummary.Compute([.. g])).ToList();
        var largest = bySize[^1];
        var atLargest = rows.Where(r => r.N == largest.N).OrderBy(r => r.Seed).ToList();
        var bound = ReluLearningCoefficientBound.Evaluate(experiment.Teacher.Architecture, Networks.Architecture.Parse(first.Model), experiment.Teacher).LambdaRelu;
        // A mean over k data sets takes its standard error from their scatter, which holds each run's Monte Carlo error: a
        // run with too few effective draws does not spoil it; chains that disagree, coexisting phases, a ladder gap do.
        // Its checks allow Student's t margin of k - 1 degrees of freedom, and fewer than 3 data sets give no verdict.
        static double Margin(int k) => k >= 2 ? LearningCoefficientChecks.SeedMeanStandardErrors(k) : LearningCoefficientChecks.StandardErrors;
        CheckedEstimate JudgeMean(Estimate mean, int k, IEnumerable<string> reasons) =>
            CheckedEstimate.Judge(mean, [.. LearningCoefficientChecks.EnoughDataSets(k), .. reasons, .. LearningCoefficientChecks.Plausible(mean, first.D, bound, Margin(k))]);
        static IEnumerable<string> PerSeed(IEnumerable<RunRow> runs, Func<RunRow, IReadOnlyList<string>> reasons) =>
            runs.SelectMany(r => reasons(r).Select(reason => string.Create(CultureInfo.InvariantCulture, $"n = {r.N}, seed {r.Seed}: {reason}")));
        static IReadOnlyList<string> Biasing(IReadOnlyList<string> reasons) => [.. reasons.Where(Diagnostics.ConvergenceRule.IsWorseThanTooFewDraws)];

        // The tempered estimators judge a single data set's estimate on its own (their verdict allows for the data).
        var seeds = largest.Seeds;
        var wbic2 = seeds == 1 ? atLargest[0].LambdaWbic2 : JudgeMean(largest.LambdaWbic2, seeds, PerSeed(atLargest, r => Biasing(r.LambdaWbic2.Reasons)));
        var variance = seeds == 1 ? atLargest[0].LambdaVariance : JudgeMean(largest.LambdaVariance, seeds, PerSeed(atLargest, r => Biasing(r.LambdaVariance.Reasons)));
        var ng = JudgeMean(largest.NG, seeds, PerSeed(atLargest, r => Biasing(r.PosteriorProblems)));
        var slope = bySize.Count >= 2
            ? JudgeMean(SampleSizeEstimators.Slope([.. bySize.Select(s => s.N)], [.. bySize.Select(s => s.FreeEnergyMinusNSn)]), bySize.Min(s => s.Seeds),
                PerSeed(rows, r => Biasing(r.FreeEnergyProblems)))
            : null;
        var temperedMargin = seeds == 1 ? LearningCoefficientChecks.StandardErrors : Margin(seeds);
        return new ModelSummary(first.Model, first.Depth, first.Width, first.D, first.D / 2.0, bound, largest.N, wbic2, variance, ng, slope, largest.MapNG,
            bySize, Conclude(first.D / 2.0, bound, [("WBIC two temperatures", wbic2, temperedMargin), ("variance", variance, temperedMargin), ("n G_n", ng, Margin(seeds)),
                ("slope", slope, Margin(bySize.Count >= 2 ? bySize.Min(s => s.Seeds) : 1))]));
    }

    // Each estimate is compared with the bound and d/2 at the margin its own checks use: 3 standard errors for one data
    // set's, Student's t margin for a mean over a few (its scatter-based standard error is itself uncertain). A trusted
    // estimate therefore never lies above the bound (its check would have marked it unreliable); one that does is named as
    // left out, since the bound is a theorem and an estimate above it is biased (at finite n, or by failed sampling).
    private static string Conclude(double dHalf, double? bound, IReadOnlyList<(string Name, CheckedEstimate? Estimate, double Margin)> estimates)
    {
        var present = estimates.Where(e => e.Estimate is not null).Select(e => (e.Name, Estimate: e.Estimate!, e.Margin)).ToList();
        var trusted = present.Where(e => e.Estimate.IsOk).ToList();
        string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        if (trusted.Count == 0)
        {
            return $"no estimate passed its checks ({present.Count} unreliable): no conclusion; see the reasons";
        }

        var list = string.Join(", ", trusted.Select(e => $"{e.Name} {F(e.Estimate.Value)} ± {F(e.Estimate.StandardError)}"));
        var aboveBound = present.Where(e => !e.Estimate.IsOk && e.Estimate.Reasons.Any(LearningCoefficientChecks.IsAboveBound))
            .Select(e => e.Name).ToList();
        var skipped = present.Count - trusted.Count;
        var note = skipped > 0 ? $"; {skipped} unreliable estimate{(skipped > 1 ? "s" : "")} left out" : "";
        note += aboveBound.Count > 0 ? $" ({string.Join(", ", aboveBound)} above the bound beyond its margin)" : "";
        if (bound is not { } b)
        {
            return $"trusted: {list}; d/2 = {F(dHalf)}; the ReLU bound does not apply to this model{note}";
        }

        var belowHalf = trusted.All(e => e.Estimate.Value + (e.Margin * e.Estimate.StandardError) < dHalf);
        return belowHalf
            ? $"consistent with λ ≤ λ_ReLU = {F(b)} and below d/2 = {F(dHalf)}: {list}{note}"
            : $"consistent with λ ≤ λ_ReLU = {F(b)}, but at this n not distinguishable from d/2 = {F(dHalf)}: {list}{note}";
    }
}
