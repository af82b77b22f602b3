using System.Text.Json.Serialization;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// An estimate with its standard error and a verdict: <c>ok</c>, or <c>unreliable</c> with the reasons. Every number
/// the tool reports for lambda and F_n carries one (docs/validation.md says how the checks were calibrated).
/// </summary>
/// <param name="Value">The estimate.</param>
/// <param name="StandardError">Its Monte Carlo standard error.</param>
/// <param name="Status"><see cref="Ok"/> or <see cref="Unreliable"/>.</param>
/// <param name="Reasons">Why it is unreliable; empty when ok.</param>
/// <remarks>Serializes as <c>{"value", "se", "status", "reasons"}</c>.</remarks>
public sealed record CheckedEstimate(double Value, [property: JsonPropertyName("se")] double StandardError, string Status, IReadOnlyList<string> Reasons)
{
    /// <summary>The status of an estimate that passed every check.</summary>
    public const string Ok = "ok";

    /// <summary>The status of an estimate that failed a check.</summary>
    public const string Unreliable = "unreliable";

    /// <summary>Whether every check passed.</summary>
    [JsonIgnore]
    public bool IsOk => Status == Ok;

    /// <summary>The value and standard error alone.</summary>
    [JsonIgnore]
    public Estimate Estimate => new(Value, StandardError);

    /// <summary>
    /// The kind of a reason, for counting: its words before the first number, parenthesis or colon, after any leading
    /// count or percentage ("1.5% divergent" and "2.0% divergent" are one kind).
    /// </summary>
    public static string ReasonKind(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var words = reason.TrimStart(' ', '.', '%', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        var cut = words.IndexOfAny(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '(', ':']);
        return (cut > 0 ? words[..cut] : words).Trim();
    }

    /// <summary>Judges <paramref name="estimate"/>: ok when <paramref name="reasons"/> is empty, else unreliable.</summary>
    public static CheckedEstimate Judge(Estimate estimate, IEnumerable<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var list = reasons.Distinct().ToList();
        if (!double.IsFinite(estimate.Value) || !double.IsFinite(estimate.StandardError))
        {
            list.Add("the estimate or its standard error is not finite");
        }

        return new CheckedEstimate(estimate.Value, estimate.StandardError, list.Count == 0 ? Ok : Unreliable, list);
    }
}
