using BayesFreeEnergy.Estimation;

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
