namespace BayesFreeEnergy.Validation;

/// <summary>One estimate of <see cref="ClosedFormChecks"/> against its exact value.</summary>
/// <param name="Case">The model.</param>
/// <param name="Quantity">What was estimated.</param>
/// <param name="Estimate">The estimate.</param>
/// <param name="Se">Its Monte Carlo standard error.</param>
/// <param name="Exact">The closed-form value.</param>
/// <param name="Z">|estimate - exact| / se.</param>
/// <param name="DHalf">d/2 of the model, for scale.</param>
public sealed record ClosedFormRow(string Case, string Quantity, double Estimate, double Se, double Exact, double Z, double DHalf);
