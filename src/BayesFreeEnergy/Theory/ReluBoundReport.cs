namespace BayesFreeEnergy.Theory;

/// <summary>The values <c>bfe bound</c> prints for a ReLU teacher and model (docs/theory.md section 4).</summary>
/// <param name="Teacher">The teacher architecture string.</param>
/// <param name="Model">The model architecture string.</param>
/// <param name="ModelParameters">d.</param>
/// <param name="TeacherParameters">d*.</param>
/// <param name="TeacherHiddenUnits">U*.</param>
/// <param name="Conditions">Every hypothesis of the constructive bound, checked one by one.</param>
public sealed record ReluBoundReport(
    string Teacher,
    string Model,
    int ModelParameters,
    int TeacherParameters,
    int TeacherHiddenUnits,
    IReadOnlyList<BoundCondition> Conditions)
{
    /// <summary>d/2: the learning coefficient a regular model with d parameters would have.</summary>
    public double RegularValue => ModelParameters / 2.0;

    /// <summary>d*/2: the bound without the positive-scaling argument.</summary>
    public double TeacherCountValue => TeacherParameters / 2.0;

    /// <summary>Whether every condition holds, so that <see cref="LambdaRelu"/> is a valid upper bound.</summary>
    public bool AllConditionsHold => Conditions.All(c => c.Holds);

    /// <summary>lambda_ReLU = (d* - U*)/2, or null when a condition fails.</summary>
    public double? LambdaRelu => AllConditionsHold ? (TeacherParameters - TeacherHiddenUnits) / 2.0 : null;
}
