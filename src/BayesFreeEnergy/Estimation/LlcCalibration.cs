namespace BayesFreeEnergy.Estimation;

/// <summary>The step-size and localization grid of an LLC calibration and the estimate it chose.</summary>
/// <param name="Grid">Short-run estimates per localization and step size, strongest localization and largest step first.</param>
/// <param name="Candidates">The full-length estimate at the chosen step of each localization, strongest first.</param>
/// <param name="Final">The estimate reported, with its verdict.</param>
public sealed record LlcCalibration(IReadOnlyList<LlcGridPoint> Grid, IReadOnlyList<LlcEstimate> Candidates, LlcEstimate Final);

/// <summary>One point of the calibration grid.</summary>
/// <param name="Localization">gamma.</param>
/// <param name="StepSize">The SGLD step size.</param>
/// <param name="Lambda">The short-run estimate with its verdict.</param>
/// <param name="Acceptance">Mean Metropolis acceptance of the moves (with minibatches, of the periodic full-batch checks).</param>
/// <param name="Draws">Draws per chain of the run (after any lengthening).</param>
/// <param name="TransientDraws">Leading draws per chain left out as the chains' climb to equilibrium (<see cref="LlcEstimate.TransientDraws"/>).</param>
public sealed record LlcGridPoint(double Localization, double StepSize, CheckedEstimate Lambda, double Acceptance, int Draws, int TransientDraws)
{
    /// <summary>The grid point of a run.</summary>
    public static LlcGridPoint Of(LlcEstimate run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Localization, run.StepSize, run.Lambda, run.Acceptance, run.Trace.Chains[0].Draws.RowCount, run.TransientDraws);
    }
}
