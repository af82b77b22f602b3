namespace BayesFreeEnergy.Estimation;

/// <summary>One row of loo's Pareto k diagnostic table (<see cref="PsisLoo.ParetoKTable"/>).</summary>
/// <param name="Range">The interval of k, as loo prints it, e.g. "(0.5, 0.7]".</param>
/// <param name="Label">good, ok, bad or very bad.</param>
/// <param name="Count">Points whose k falls in the interval.</param>
/// <param name="Proportion">Their share of all points.</param>
/// <param name="MinEffectiveSampleSize">The smallest PSIS n_eff among them; null when there are none.</param>
public sealed record ParetoKRow(string Range, string Label, int Count, double Proportion, double? MinEffectiveSampleSize);
