namespace BayesFreeEnergy.Sampling.Adaptation;

/// <summary>Welford's streaming per-coordinate mean and variance.</summary>
public sealed class WelfordVariance
{
    private readonly double[] _mean;
    private readonly double[] _m2;

    /// <summary>Creates an estimator for <paramref name="dimension"/> coordinates.</summary>
    public WelfordVariance(int dimension)
    {
        _mean = new double[dimension];
        _m2 = new double[dimension];
    }

    /// <summary>Number of samples added since the last restart.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one sample.</summary>
    public void Add(ReadOnlySpan<double> x)
    {
        Count++;
        for (var i = 0; i < _mean.Length; i++)
        {
            var delta = x[i] - _mean[i];
            _mean[i] += delta / Count;
            _m2[i] += delta * (x[i] - _mean[i]);
        }
    }

    /// <summary>Writes the unbiased sample variances (divisor count - 1).</summary>
    public void Variance(Span<double> variance)
    {
        for (var i = 0; i < _m2.Length; i++)
        {
            variance[i] = _m2[i] / (Count - 1);
        }
    }

    /// <summary>Forgets all samples.</summary>
    public void Restart()
    {
        Count = 0;
        Array.Clear(_mean);
        Array.Clear(_m2);
    }
}
