namespace BayesFreeEnergy.Sampling;

/// <summary>A replica-exchange run: the draws of every rung of every ladder, and the swap statistics.</summary>
/// <param name="Betas">The ladder, increasing.</param>
/// <param name="Rungs">Rungs[j] holds the chains (one per ladder) sampled at Betas[j].</param>
/// <param name="SwapAttempts">Swap proposals between rungs j and j + 1, summed over ladders (warm-up included).</param>
/// <param name="SwapAccepts">Accepted swaps between rungs j and j + 1.</param>
/// <param name="Settings">The per-chain settings.</param>
/// <param name="SwapInterval">Iterations between swap rounds.</param>
/// <param name="RoundTrips">Round trips prior - posterior - prior of the states after warm-up, summed over ladders.</param>
/// <param name="WallSeconds">Wall time.</param>
public sealed record ReplicaExchangeResult(
    IReadOnlyList<double> Betas,
    IReadOnlyList<IReadOnlyList<ChainResult>> Rungs,
    IReadOnlyList<long> SwapAttempts,
    IReadOnlyList<long> SwapAccepts,
    SamplerSettings Settings,
    int SwapInterval,
    long RoundTrips,
    double WallSeconds)
{
    /// <summary>Acceptance rate of swaps between rungs j and j + 1.</summary>
    public IReadOnlyList<double> SwapRates => [.. SwapAttempts.Select((a, j) => a == 0 ? double.NaN : (double)SwapAccepts[j] / a)];
}
