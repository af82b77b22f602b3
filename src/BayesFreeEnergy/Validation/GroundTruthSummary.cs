using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Validation;

/// <summary>
/// The suite's verdict on each estimator: per case and n the bias, standard error and coverage of the estimates marked
/// ok, and overall the share of ok estimates within <see cref="LearningCoefficientChecks.StandardErrors"/> standard errors
/// plus the stated allowance of the truth (below the bound plus the same margin where only a bound is known).
/// </summary>
/// <param name="Rows">One row per estimator, case and n.</param>
/// <param name="Totals">One row per estimator over every case.</param>
public sealed record GroundTruthSummary(IReadOnlyList<GroundTruthRow> Rows, IReadOnlyList<GroundTruthTotal> Totals)
{
    /// <summary>Summarizes <paramref name="runs"/>.</summary>
    public static GroundTruthSummary Compute(IReadOnlyList<GroundTruthRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = new List<GroundTruthRow>();
        foreach (var estimator in Enum.GetValues<GroundTruthEstimator>())
        {
            // Teachers drawn per seed can differ in lambda (a deep network on one input): one row per value.
            foreach (var group in runs.GroupBy(r => (r.Case, r.N, r.Lambda)))
            {
                var list = group.ToList();
                rows.Add(estimator == GroundTruthEstimator.ScaledGeneralizationError ? SeedMean(estimator, list) : PerRun(estimator, list));
            }
        }

        var totals = rows.GroupBy(r => r.Estimator).Select(g => new GroundTruthTotal(g.Key, g.Sum(r => r.Estimates), g.Sum(r => r.Ok), g.Sum(r => r.Covered),
            g.Sum(r => r.OutsideAndOk), [.. g.SelectMany(r => r.Z)])).ToList();
        return new GroundTruthSummary(rows, totals);
    }

    // Each run's estimate judged on its own: covered when within 3 se plus the allowance of the truth (or below the bound).
    private static GroundTruthRow PerRun(GroundTruthEstimator estimator, List<GroundTruthRun> runs)
    {
        var first = runs[0];
        var allowance = GroundTruthSuite.Allowance(estimator, first.Lambda, first.N);
        var estimates = runs.Select(r => r.Estimates[estimator]).ToList();
        var ok = estimates.Where(e => e.IsOk).ToList();
        bool Covered(CheckedEstimate e) => Inside(e.Estimate, first.Lambda, first.Exact, allowance);
        return new GroundTruthRow(estimator, first.Case, first.N, first.Lambda, first.Exact, estimates.Count, ok.Count,
            ok.Count > 0 ? ok.Average(e => e.Value) - first.Lambda : double.NaN, estimates.Average(e => e.Value),
            ok.Count > 0 ? ok.Average(e => e.StandardError) : double.NaN, allowance, ok.Count(Covered), ok.Count(e => !Covered(e)),
            [.. estimates.Select(e => (e.Value - first.Lambda) / e.StandardError)],
            [.. estimates.Where(e => !e.IsOk).SelectMany(e => e.Reasons).Select(CheckedEstimate.ReasonKind).Distinct()]);
    }

    // n G_n is a random variable of the data with mean lambda: its mean over seeds, with their scatter as standard error,
    // judged with Student's t margin and only from 3 seeds on.
    private static GroundTruthRow SeedMean(GroundTruthEstimator estimator, List<GroundTruthRun> runs)
    {
        var first = runs[0];
        var estimates = runs.Select(r => r.Estimates[estimator]).ToList();
        var mean = Experiments.ExperimentSummary.MeanOverSeeds([.. estimates.Select(e => e.Estimate)]);
        var reasons = LearningCoefficientChecks.EnoughDataSets(estimates.Count);
        var ok = reasons.Count == 0 && estimates.All(e => e.IsOk);
        var covered = ok && Inside(mean, first.Lambda, first.Exact, 0, LearningCoefficientChecks.SeedMeanStandardErrors(estimates.Count));
        return new GroundTruthRow(estimator, first.Case, first.N, first.Lambda, first.Exact, 1, ok ? 1 : 0, ok ? mean.Value - first.Lambda : double.NaN,
            mean.Value, mean.StandardError, 0, covered ? 1 : 0, ok && !covered ? 1 : 0, [(mean.Value - first.Lambda) / mean.StandardError],
            [.. reasons.Concat(estimates.Where(e => !e.IsOk).SelectMany(e => e.Reasons)).Select(CheckedEstimate.ReasonKind).Distinct()]);
    }

    private static bool Inside(Estimate e, double lambda, bool exact, double allowance, double standardErrors = LearningCoefficientChecks.StandardErrors)
    {
        var margin = (standardErrors * e.StandardError) + allowance;
        return exact ? Math.Abs(e.Value - lambda) <= margin : e.Value - margin <= lambda;
    }
}

/// <summary>One estimator on one case at one n.</summary>
/// <param name="Estimator">The estimator.</param>
/// <param name="Case">The case.</param>
/// <param name="N">Sample size.</param>
/// <param name="Lambda">Exact lambda or bound.</param>
/// <param name="Exact">Whether <paramref name="Lambda"/> is exact.</param>
/// <param name="Estimates">Estimates judged (runs; 1 for the seed mean of n G_n).</param>
/// <param name="Ok">Of them marked ok.</param>
/// <param name="Bias">Mean of the ok estimates minus lambda (NaN without ok estimates).</param>
/// <param name="Mean">Mean of all estimates.</param>
/// <param name="MeanSe">Mean standard error of the ok estimates.</param>
/// <param name="Allowance">The finite-n allowance used (see <see cref="GroundTruthSuite.Allowance"/>).</param>
/// <param name="Covered">Ok estimates within 3 se plus the allowance of lambda (or below the bound plus that).</param>
/// <param name="OutsideAndOk">Ok estimates outside that: the failures of the verdicts.</param>
/// <param name="Z">(estimate - lambda) / se of every estimate.</param>
/// <param name="Reasons">The kinds of reasons given for the unreliable ones.</param>
public sealed record GroundTruthRow(GroundTruthEstimator Estimator, string Case, int N, double Lambda, bool Exact, int Estimates, int Ok, double Bias, double Mean,
    double MeanSe, double Allowance, int Covered, int OutsideAndOk, IReadOnlyList<double> Z, IReadOnlyList<string> Reasons);

/// <summary>One estimator over the whole suite.</summary>
/// <param name="Estimator">The estimator.</param>
/// <param name="Estimates">Estimates judged.</param>
/// <param name="Ok">Of them marked ok.</param>
/// <param name="Covered">Ok and within the tolerance.</param>
/// <param name="OutsideAndOk">Ok but outside the tolerance.</param>
/// <param name="Z">Every z = (estimate - lambda) / se.</param>
public sealed record GroundTruthTotal(GroundTruthEstimator Estimator, int Estimates, int Ok, int Covered, int OutsideAndOk, IReadOnlyList<double> Z)
{
    /// <summary>Share of ok estimates within the tolerance (the suite asks for at least 95%).</summary>
    public double Coverage => Ok > 0 ? (double)Covered / Ok : double.NaN;
}
