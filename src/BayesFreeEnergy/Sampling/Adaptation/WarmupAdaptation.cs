namespace BayesFreeEnergy.Sampling.Adaptation;

/// <summary>
/// Stan's warm-up: dual averaging of the step size every iteration, and a diagonal inverse metric estimated
/// from the draws of each slow window, regularized toward 1e-3 as Stan does:
/// (n / (n + 5)) var + 1e-3 (5 / (n + 5)). After each metric update the step size is re-initialized and dual
/// averaging restarts.
/// </summary>
public sealed class WarmupAdaptation
{
    private readonly WelfordVariance _variance;
    private readonly bool _adaptStepSize;
    private int _iteration;

    /// <summary>Creates the adaptation for one chain.</summary>
    /// <param name="schedule">The warm-up windows.</param>
    /// <param name="dimension">Number of parameters d.</param>
    /// <param name="targetAcceptance">Target acceptance statistic for dual averaging.</param>
    /// <param name="adaptStepSize">Whether to adapt the step size.</param>
    /// <param name="adaptMetric">Whether to estimate the diagonal metric.</param>
    public WarmupAdaptation(WindowSchedule schedule, int dimension, double targetAcceptance, bool adaptStepSize, bool adaptMetric)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        Schedule = schedule;
        StepSize = new DualAveraging(targetAcceptance);
        _variance = new WelfordVariance(dimension);
        _adaptStepSize = adaptStepSize;
        AdaptsMetric = adaptMetric;
    }

    /// <summary>The windows.</summary>
    public WindowSchedule Schedule { get; }

    /// <summary>The step-size adaptation.</summary>
    public DualAveraging StepSize { get; }

    /// <summary>Whether the metric is estimated.</summary>
    public bool AdaptsMetric { get; }

    /// <summary>
    /// Learns from one warm-up transition. Returns true when the inverse metric was just updated; the caller then
    /// re-initializes the step size and calls <see cref="DualAveraging.Restart"/>.
    /// </summary>
    public bool Learn(double acceptStat, ReadOnlySpan<double> position, ref double stepSize, Span<double> inverseMetric)
    {
        var iteration = _iteration++;
        if (_adaptStepSize)
        {
            stepSize = StepSize.Learn(acceptStat);
        }

        if (!AdaptsMetric)
        {
            return false;
        }

        if (Schedule.InSlowWindow(iteration))
        {
            _variance.Add(position);
        }

        if (!Schedule.EndsWindow(iteration))
        {
            return false;
        }

        var n = (double)_variance.Count;
        _variance.Variance(inverseMetric);
        for (var i = 0; i < inverseMetric.Length; i++)
        {
            inverseMetric[i] = (n / (n + 5) * inverseMetric[i]) + (1e-3 * (5 / (n + 5)));
        }

        _variance.Restart();
        return true;
    }

    /// <summary>The step size to sample with after warm-up.</summary>
    public double FinalStepSize(double current) => _adaptStepSize && _iteration > 0 ? StepSize.Final : current;
}
