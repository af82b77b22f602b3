namespace BayesFreeEnergy.Theory;

/// <summary>One hypothesis of a learning-coefficient bound, checked on the given teacher and model.</summary>
/// <param name="Name">Short name of the condition.</param>
/// <param name="Holds">Whether it holds (an assumption that could not be checked counts as holding and says so in <paramref name="Detail"/>).</param>
/// <param name="Detail">What was checked, with the numbers.</param>
public sealed record BoundCondition(string Name, bool Holds, string Detail);
