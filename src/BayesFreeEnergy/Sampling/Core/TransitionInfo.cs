namespace BayesFreeEnergy.Sampling.Core;

/// <summary>
/// What one transition reports, in Stan's per-draw sampler columns (lp__ comes from the state).
/// Kernels without a tree or a trajectory report 0 for those fields.
/// </summary>
/// <param name="AcceptStat">accept_stat__: mean Metropolis acceptance probability over the trajectory (NUTS), or of the proposal.</param>
/// <param name="StepSize">stepsize__: integrator step size, or proposal scale (random-walk Metropolis), or SGLD step.</param>
/// <param name="TreeDepth">treedepth__: NUTS tree depth.</param>
/// <param name="LeapfrogSteps">n_leapfrog__: gradient evaluations of this transition.</param>
/// <param name="Divergent">divergent__: energy error above the threshold (or a non-finite density) on the trajectory.</param>
/// <param name="Energy">energy__: the Hamiltonian at the returned point (minus lp__ for kernels without momentum).</param>
public readonly record struct TransitionInfo(double AcceptStat, double StepSize, int TreeDepth, int LeapfrogSteps, bool Divergent, double Energy);
