namespace BayesFreeEnergy.Sampling.Adaptation;

/// <summary>
/// Nesterov dual averaging of log step size toward a target acceptance statistic (Hoffman and Gelman 2014,
/// section 3.2), with Stan's constants: gamma 0.05, kappa 0.75, t0 10, shrinkage point log(10 eps0).
/// </summary>
public sealed class DualAveraging
{
    private double _mu;
    private double _sBar;
    private double _xBar;
    private int _counter;

    /// <summary>Creates the adaptation.</summary>
    /// <param name="targetAcceptance">delta, Range: (0, 1).</param>
    /// <param name="gamma">Regularization scale.</param>
    /// <param name="kappa">Relaxation exponent of the averaged iterate.</param>
    /// <param name="t0">Iteration offset that damps early iterations.</param>
    public DualAveraging(double targetAcceptance = 0.8, double gamma = 0.05, double kappa = 0.75, double t0 = 10)
    {
        if (!(targetAcceptance > 0 && targetAcceptance < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(targetAcceptance), targetAcceptance, "the target acceptance must lie strictly between 0 and 1");
        }

        TargetAcceptance = targetAcceptance;
        Gamma = gamma;
        Kappa = kappa;
        T0 = t0;
    }

    /// <summary>delta.</summary>
    public double TargetAcceptance { get; }

    /// <summary>gamma.</summary>
    public double Gamma { get; }

    /// <summary>kappa.</summary>
    public double Kappa { get; }

    /// <summary>t0.</summary>
    public double T0 { get; }

    /// <summary>Restarts from <paramref name="stepSize"/>, shrinking toward log(10 * stepSize).</summary>
    public void Restart(double stepSize)
    {
        _mu = Math.Log(10 * stepSize);
        _sBar = 0;
        _xBar = 0;
        _counter = 0;
    }

    /// <summary>Returns the next step size after a transition with acceptance statistic <paramref name="acceptStat"/>.</summary>
    public double Learn(double acceptStat)
    {
        _counter++;
        acceptStat = double.IsNaN(acceptStat) ? 0 : Math.Min(1, acceptStat);
        var eta = 1.0 / (_counter + T0);
        _sBar = ((1 - eta) * _sBar) + (eta * (TargetAcceptance - acceptStat));
        var x = _mu - (_sBar * Math.Sqrt(_counter) / Gamma);
        var xEta = Math.Pow(_counter, -Kappa);
        _xBar = ((1 - xEta) * _xBar) + (xEta * x);
        return Math.Exp(x);
    }

    /// <summary>The averaged step size exp(x_bar) used after warm-up.</summary>
    public double Final => Math.Exp(_xBar);
}
