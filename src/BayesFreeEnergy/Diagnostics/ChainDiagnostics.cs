namespace BayesFreeEnergy.Diagnostics;

/// <summary>Per-chain sampler diagnostics, as CmdStan's diagnose reports them.</summary>
/// <param name="Chain">1-based chain id.</param>
/// <param name="Divergences">Divergent transitions after warm-up.</param>
/// <param name="MaxTreeDepthHits">Transitions that reached the maximum tree depth (NUTS only).</param>
/// <param name="Ebfmi">Energy Bayesian fraction of missing information; below 0.3 the momentum resampling explores the energy poorly.</param>
/// <param name="MeanAcceptStat">Mean acceptance statistic.</param>
/// <param name="StepSize">Step size after warm-up.</param>
/// <param name="LeapfrogSteps">Gradient evaluations after warm-up.</param>
/// <param name="WarmupLeapfrogSteps">Gradient evaluations of the warm-up transitions.</param>
/// <param name="WarmupSeconds">Warm-up wall time.</param>
/// <param name="SamplingSeconds">Sampling wall time.</param>
public sealed record ChainDiagnostics(int Chain, int Divergences, int MaxTreeDepthHits, double Ebfmi, double MeanAcceptStat, double StepSize,
    long LeapfrogSteps, long WarmupLeapfrogSteps, double WarmupSeconds, double SamplingSeconds);
