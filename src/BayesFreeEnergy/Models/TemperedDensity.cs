namespace BayesFreeEnergy.Models;

/// <summary>
/// The tempered log posterior at one point: log phi(w) - beta n L_n(w), with its two parts kept apart
/// because replica exchange and thermodynamic integration need n L_n(w) on its own.
/// </summary>
/// <param name="LogDensity">log phi(w) - beta n L_n(w) (unnormalized log posterior); -infinity outside the prior's support.</param>
/// <param name="LogPrior">log phi(w), normalized.</param>
/// <param name="NegLogLikelihood">n L_n(w) = -sum_i log p(y_i | x_i, w).</param>
public readonly record struct TemperedDensity(double LogDensity, double LogPrior, double NegLogLikelihood);
