using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>The posterior draws of a run folder.</summary>
/// <param name="Architecture">The network.</param>
/// <param name="Noise">The noise standard deviation s of its Gaussian likelihood.</param>
/// <param name="Parameters">Flat parameter vectors, chain after chain.</param>
/// <param name="Chains">Number of chains, which hold equal shares of <paramref name="Parameters"/>.</param>
public sealed record PosteriorDraws(Architecture Architecture, double Noise, IReadOnlyList<double[]> Parameters, int Chains);
