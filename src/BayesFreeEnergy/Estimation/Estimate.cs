namespace BayesFreeEnergy.Estimation;

/// <summary>A Monte Carlo estimate with its standard error (from effective sample sizes, not raw draw counts).</summary>
/// <param name="Value">The estimate.</param>
/// <param name="StandardError">Its Monte Carlo standard error.</param>
public readonly record struct Estimate(double Value, double StandardError);
