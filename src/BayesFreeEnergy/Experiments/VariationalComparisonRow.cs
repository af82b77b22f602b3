using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Experiments;

/// <summary>One run of <see cref="VariationalComparison"/>.</summary>
/// <param name="Model">The model.</param>
/// <param name="N">Sample size.</param>
/// <param name="Seed">Data seed.</param>
/// <param name="D">Parameters.</param>
/// <param name="SteppingStone">The run's F_n (stepping-stone), with its verdict.</param>
/// <param name="BayesG">The run's Bayes G_n on the test points, if it had a teacher.</param>
/// <param name="MeanField">The mean-field fit.</param>
/// <param name="FullRank">The full-rank fit, started from the mean-field one.</param>
/// <param name="BayesCoverage">The run's Bayes 90% band coverage of f* on the same test points; null for runs written before it was kept.</param>
/// <param name="TeacherLogDensity">
/// Mean log q(y_t | x_t) of the teacher's own density on the test points: a predictive's held-out log predictive density
/// per point is this minus its G_n.
/// </param>
public sealed record VariationalComparisonRow(string Model, int N, long Seed, int D, CheckedEstimate SteppingStone, Estimate? BayesG,
    VariationalFamilyResult MeanField, VariationalFamilyResult FullRank, Estimate? BayesCoverage = null, double? TeacherLogDensity = null);
