namespace BayesFreeEnergy.Estimation;

/// <summary>One fit in a <see cref="ModelComparison"/> ranking.</summary>
/// <param name="Rank">1 for the lowest free energy.</param>
/// <param name="Folder">The fit's folder.</param>
/// <param name="Report">Its free-energy report.</param>
/// <param name="DeltaFreeEnergy">F_n - F_n(best) &gt;= 0: the log Bayes factor of the best model against this one.</param>
public sealed record RankedFit(int Rank, string Folder, FreeEnergyReport Report, double DeltaFreeEnergy);
