using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Experiments;

/// <summary>One family's fit in a <see cref="VariationalComparisonRow"/>.</summary>
/// <param name="FreeEnergy">F_VB with its verdict.</param>
/// <param name="G">G_n of q's predictive on the run's test points.</param>
/// <param name="ParetoK">The Pareto k of q against the posterior.</param>
/// <param name="Coverage">Share of the test inputs where q's central 90% band of f(x, w) holds the teacher's f*(x), with its binomial SE.</param>
/// <param name="Seconds">Wall time of the fit.</param>
public sealed record VariationalFamilyResult(CheckedEstimate FreeEnergy, Estimate G, double ParetoK, Estimate Coverage, double Seconds);
