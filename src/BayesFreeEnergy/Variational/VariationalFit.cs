using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Variational;

/// <summary>A fitted Gaussian approximation and what it says about the free energy.</summary>
/// <param name="Approximation">q, the Polyak average of the iterates over the last window.</param>
/// <param name="Beta">The inverse temperature of the target.</param>
/// <param name="Elbo">The ELBO E_q[log phi(w) - beta n L_n(w) - log q(w)] from the final draws, with its Monte Carlo SE.</param>
/// <param name="FreeEnergy">F_VB = -ELBO, an upper bound on the (tempered) Bayes free energy F_n; its verdict says whether the optimization settled.</param>
/// <param name="Trace">The ELBO evaluations during the optimization: iteration, estimate and SE.</param>
/// <param name="Iterations">Optimization steps taken.</param>
/// <param name="Converged">Whether the stopping rule was met before the iteration limit.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record VariationalFit(GaussianApproximation Approximation, double Beta, Estimate Elbo, CheckedEstimate FreeEnergy,
    IReadOnlyList<(int Iteration, double Elbo, double Se)> Trace, int Iterations, bool Converged, double Seconds);
