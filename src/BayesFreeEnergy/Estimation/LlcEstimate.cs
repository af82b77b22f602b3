using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>A local learning coefficient with its verdict and the SGLD run behind it.</summary>
/// <param name="Lambda">lambda(w0) with its MCSE, status and reasons.</param>
/// <param name="Trace">The SGLD chains (their nLn column is the loss trace).</param>
/// <param name="StepSize">The SGLD step size used.</param>
/// <param name="Localization">The localization gamma used.</param>
/// <param name="CenterLoss">n L_n(w0).</param>
/// <param name="Acceptance">Mean acceptance a Metropolis-adjusted step would have given the moves (NaN with minibatches).</param>
public sealed record LlcEstimate(CheckedEstimate Lambda, SamplingResult Trace, double StepSize, double Localization, double CenterLoss, double Acceptance)
{
    /// <summary>
    /// When set, <see cref="Lambda"/> is the Richardson-Romberg extrapolation of the run at <see cref="StepSize"/> (the
    /// trace) and one at this step (twice it) to step 0; null for a single run.
    /// </summary>
    public double? ExtrapolatedFrom { get; init; }

    /// <summary>
    /// Leading draws per chain of <see cref="Trace"/> left out of <see cref="Lambda"/>: the end of the chains' climb from w0
    /// to equilibrium, found by <see cref="Diagnostics.TransientTruncation"/>.
    /// </summary>
    public int TransientDraws { get; init; }

    /// <summary>
    /// The reasons of <see cref="Lambda"/> that are about the sampling (step, trace, convergence), not about the value (the
    /// possible range): an extrapolation inherits these from its runs and judges its own value afresh.
    /// </summary>
    internal IReadOnlyList<string> SamplingReasons { get; init; } = [];

    /// <summary>The step (or the two steps extrapolated from), for labels.</summary>
    public string StepDescription => ExtrapolatedFrom is { } coarse
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"steps {StepSize:G3} and {coarse:G3} extrapolated to 0")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"step {StepSize:G3}");
}
