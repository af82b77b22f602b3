namespace BayesFreeEnergy.Diagnostics;

/// <summary>One row of a posterior summary, with the column names of posterior's summarise_draws().</summary>
/// <param name="Variable">Name of the quantity.</param>
/// <param name="Mean">Posterior mean.</param>
/// <param name="Median">Posterior median.</param>
/// <param name="Sd">Posterior standard deviation.</param>
/// <param name="Q5">5% quantile.</param>
/// <param name="Q95">95% quantile.</param>
/// <param name="McseMean">Monte Carlo standard error of the mean.</param>
/// <param name="EssBulk">Bulk effective sample size.</param>
/// <param name="EssTail">Tail effective sample size.</param>
/// <param name="Rhat">Rank-normalized split R-hat.</param>
public sealed record VariableSummary(string Variable, double Mean, double Median, double Sd, double Q5, double Q95,
    double McseMean, double EssBulk, double EssTail, double Rhat);
