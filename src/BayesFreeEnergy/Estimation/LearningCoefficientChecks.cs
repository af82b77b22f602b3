using System.Globalization;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// The checks behind the verdict on a lambda estimate from tempered draws (docs/theory.md, "When an estimate can be
/// trusted"; docs/validation.md for their calibration on the ground-truth suite).
/// </summary>
public static class LearningCoefficientChecks
{
    /// <summary>How many standard errors a check allows before it calls a difference real.</summary>
    public const double StandardErrors = 3;

    /// <summary>
    /// The relative difference between beta^2 Var_beta[n L_n] at two temperatures that a single phase may show at finite
    /// n besides Monte Carlo error: the fluctuation term of E_beta[n L_n] adds (U_n / 2) sqrt(lambda beta / 2) to it, a few
    /// percent of lambda between 1/log n and 1; the rest covers the log log n term of a multiplicity above 1.
    /// </summary>
    public const double PhaseAllowance = 0.2;

    // P(|Z| <= 3) for a standard Gaussian Z: the coverage of a check at StandardErrors.
    private const double CoverageOfStandardErrors = 0.99730020393673979;

    /// <summary>The fewest data sets whose scatter gives a mean over them a standard error worth judging.</summary>
    public const int MinimumDataSets = 3;

    /// <summary>
    /// How many standard errors a mean over <paramref name="dataSets"/> data sets, whose standard error is their scatter
    /// over sqrt(k), needs for the coverage that <see cref="StandardErrors"/> gives a Gaussian (99.73%): (mean -
    /// lambda) / se follows Student's t with k - 1 degrees of freedom, so 19.2 at 3 data sets, 6.6 at 5, 4.1 at 10.
    /// </summary>
    /// <param name="dataSets">Range: at least 2.</param>
    public static double SeedMeanStandardErrors(int dataSets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dataSets, 2);
        return Numerics.StudentT.TwoSidedQuantile(CoverageOfStandardErrors, dataSets - 1);
    }

    /// <summary>
    /// Why a mean over <paramref name="dataSets"/> data sets cannot be judged: with fewer than
    /// <see cref="MinimumDataSets"/>, the scatter that is its standard error is nearly unknown (one degree of freedom
    /// at two; none at one, where a run's own standard error leaves out how the estimate varies with the data).
    /// </summary>
    public static IReadOnlyList<string> EnoughDataSets(int dataSets) => dataSets >= MinimumDataSets ? []
        : [string.Create(CultureInfo.InvariantCulture, $"a mean over {dataSets} data set{(dataSets == 1 ? "" : "s")}, too few for its standard error to mean anything (at least {MinimumDataSets})")];

    /// <summary>The ESS-aware convergence rule (<see cref="ConvergenceRule"/>) on n L_n at <paramref name="beta"/>.</summary>
    public static IReadOnlyList<string> Convergence(IReadOnlyList<ChainResult> chains, double beta) =>
        ConvergenceRule.Check(string.Create(CultureInfo.InvariantCulture, $"n L_n at beta {beta:G3}"), PosteriorExpectation.NegLogLikelihoodDraws(chains));

    /// <summary>
    /// Whether the tempered posterior looks like one phase across the temperatures given (normally 1/log n, 1.5/log n and
    /// 1). In a single phase E_beta[n L_n] = n L_n(w0) + lambda / beta + lower order, so the heat capacity
    /// beta^2 Var_beta[n L_n] is lambda at every such beta. When phases coexist (a teacher unit resolved in some draws and
    /// not in others) their weights shift with beta and their spread adds to the variance; when the posterior at 1/log n
    /// sits in a simpler phase than at beta = 1 (a unit it cannot yet resolve), the heat capacities differ too. Either way
    /// the tempered estimators measure that phase, not lambda.
    /// </summary>
    /// <param name="heatCapacities">beta^2 Var_beta[n L_n] with its standard error, per beta.</param>
    public static IReadOnlyList<string> SinglePhase(IReadOnlyList<(double Beta, Estimate HeatCapacity)> heatCapacities)
    {
        ArgumentNullException.ThrowIfNull(heatCapacities);
        var low = heatCapacities.MinBy(h => h.HeatCapacity.Value);
        var high = heatCapacities.MaxBy(h => h.HeatCapacity.Value);
        var noise = Math.Sqrt((low.HeatCapacity.StandardError * low.HeatCapacity.StandardError) + (high.HeatCapacity.StandardError * high.HeatCapacity.StandardError));
        var allowed = (StandardErrors * noise) + (PhaseAllowance * Math.Abs(high.HeatCapacity.Value));
        if (high.HeatCapacity.Value - low.HeatCapacity.Value <= allowed)
        {
            return [];
        }

        var profile = string.Join(", ", heatCapacities.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.HeatCapacity.Value:0.##} ± {h.HeatCapacity.StandardError:0.##} at beta {h.Beta:G3}")));
        return [$"the tempered posterior is not one phase: beta^2 Var[n L_n] is {profile} (a single phase gives lambda at each); phases coexist or change between these temperatures, and the estimators measure a phase, not lambda"];
    }

    /// <summary>
    /// The LLC at a true parameter cannot be below the global learning coefficient, which is the smallest local one over
    /// the true parameters (Watanabe 2009). When the tempered posterior's own estimate is ok and the LLC lies below it by
    /// more than <see cref="StandardErrors"/> combined standard errors plus the data-set fluctuation the two do not share
    /// (their U_n terms differ by 0.5 sqrt(lambda beta / 2), twice that allowed), the localized posterior does not yet see
    /// every direction lambda counts (or w0 is not where the posterior is): at this n the LLC is not lambda.
    /// </summary>
    /// <param name="llc">The LLC.</param>
    /// <param name="global">A global estimate from tempered draws at beta = 1/log n, normally the variance estimator.</param>
    /// <param name="beta">The inverse temperature 1/log n.</param>
    public static IReadOnlyList<string> NotBelowGlobal(Estimate llc, CheckedEstimate global, double beta)
    {
        ArgumentNullException.ThrowIfNull(global);
        if (!global.IsOk)
        {
            return [];
        }

        var noise = Math.Sqrt((llc.StandardError * llc.StandardError) + (global.StandardError * global.StandardError));
        var allowance = Math.Sqrt(Math.Max(global.Value, 0) * beta / 2);
        return llc.Value + (StandardErrors * noise) + allowance >= global.Value ? []
            : [string.Create(CultureInfo.InvariantCulture,
                $"below the global estimate from the tempered posterior ({global.Value:0.##} ± {global.StandardError:0.##}), which no local coefficient at a true parameter can be: at this n the localized posterior does not see every direction lambda counts")];
    }

    private const string AboveHalfDimension = "above d/2";
    private const string AboveBound = "above the proven bound";

    /// <summary>Whether <paramref name="reason"/> (from <see cref="Plausible"/>) says the estimate lies above the proven bound lambda_ReLU (not d/2).</summary>
    public static bool IsAboveReluBound(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.StartsWith(AboveBound, StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="reason"/> (from <see cref="Plausible"/>) says the estimate lies above d/2 or the proven bound.</summary>
    public static bool IsAboveBound(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.StartsWith(AboveHalfDimension, StringComparison.Ordinal) || reason.StartsWith(AboveBound, StringComparison.Ordinal);
    }

    /// <summary>
    /// Values no learning coefficient can take: negative, or above d/2 (every model whose prior is positive at the truth
    /// has lambda &lt;= d/2), or above a proven bound; each by more than <paramref name="standardErrors"/> standard errors.
    /// </summary>
    /// <param name="estimate">The estimate.</param>
    /// <param name="dimension">d.</param>
    /// <param name="bound">An upper bound on lambda (lambda_ReLU), or null.</param>
    /// <param name="standardErrors">The margin in standard errors: <see cref="StandardErrors"/>, or
    /// <see cref="SeedMeanStandardErrors"/> for a mean over data sets.</param>
    public static IReadOnlyList<string> Plausible(Estimate estimate, int dimension, double? bound, double standardErrors = StandardErrors)
    {
        var reasons = new List<string>();
        var margin = standardErrors * estimate.StandardError;
        if (estimate.Value + margin < 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"negative ({estimate.Value:0.##}): a learning coefficient is positive"));
        }

        if (estimate.Value - margin > dimension / 2.0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{AboveHalfDimension} = {dimension / 2.0:0.#}, which no learning coefficient exceeds"));
        }
        else if (bound is { } b && estimate.Value - margin > b)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{AboveBound} lambda_ReLU = {b:0.##} by more than {standardErrors:0.#} standard errors"));
        }

        return reasons;
    }
}
