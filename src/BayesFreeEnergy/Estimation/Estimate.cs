using System.Text.Json.Serialization;

namespace BayesFreeEnergy.Estimation;

/// <summary>A Monte Carlo estimate with its standard error (from effective sample sizes, not raw draw counts).</summary>
/// <param name="Value">The estimate.</param>
/// <param name="StandardError">Its Monte Carlo standard error.</param>
/// <remarks>Serializes as <c>{"value": ..., "se": ...}</c>, the shape every <c>--json</c> output uses.</remarks>
public readonly record struct Estimate(double Value, [property: JsonPropertyName("se")] double StandardError);
