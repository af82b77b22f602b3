using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Validation;

/// <summary>Every estimator on one case, sample size and seed.</summary>
/// <param name="Case">The case's name.</param>
/// <param name="N">Sample size.</param>
/// <param name="Seed">Data (and ReLU teacher) seed.</param>
/// <param name="Lambda">The exact lambda or the bound.</param>
/// <param name="Exact">Whether <paramref name="Lambda"/> is exact.</param>
/// <param name="Estimates">One judged estimate per estimator.</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record GroundTruthRun(string Case, int N, long Seed, double Lambda, bool Exact, IReadOnlyDictionary<GroundTruthEstimator, CheckedEstimate> Estimates,
    double Seconds);
