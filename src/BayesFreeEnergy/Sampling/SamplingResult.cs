namespace BayesFreeEnergy.Sampling;

/// <summary>The chains of one run and the settings that produced them.</summary>
/// <param name="Settings">The settings (with the seed).</param>
/// <param name="Chains">One result per chain, in chain order.</param>
/// <param name="Dimension">Number of parameters d.</param>
/// <param name="WallSeconds">Wall time of the whole run.</param>
public sealed record SamplingResult(SamplerSettings Settings, IReadOnlyList<ChainResult> Chains, int Dimension, double WallSeconds);
