using System.Text.Json.Serialization;

namespace BayesFreeEnergy.Estimation;

/// <summary>A Monte Carlo estimate with its standard error (from effective sample sizes, not raw draw counts).</summary>
/// <param name="Value">The estimate.</param>
/// <param name="StandardError">Its Monte Carlo standard error.</param>
/// <remarks>Serializes as <c>{"value": ..., "se": ...}</c>, the shape every <c>--json</c> output uses.</remarks>
public readonly record struct Estimate(double Value, [property: JsonPropertyName("se")] double StandardError)
{
    /// <summary>The mean of independent values with its standard error sd / sqrt(count) (Range: at least two values).</summary>
    public static Estimate MeanOfIndependent(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            throw new ArgumentException("a mean with a standard error needs at least two values", nameof(values));
        }

        return new Estimate(values.Average(), Diagnostics.ConvergenceDiagnostics.StandardDeviation(values) / Math.Sqrt(values.Count));
    }
}
