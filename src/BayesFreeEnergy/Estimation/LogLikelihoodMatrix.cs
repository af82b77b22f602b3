namespace BayesFreeEnergy.Estimation;

/// <summary>log p(y_i | x_i, w_s) for S posterior draws (rows) and n data points (columns), row-major.</summary>
public sealed class LogLikelihoodMatrix
{
    private readonly double[] _values;

    /// <summary>Wraps <paramref name="values"/> (S x n, row-major).</summary>
    /// <param name="values">The log-likelihoods.</param>
    /// <param name="draws">S, Range: at least 2.</param>
    /// <param name="points">n, Range: at least 1.</param>
    /// <param name="chains">The rows come from this many chains, chain after chain, in equal parts (for loo's r_eff), Range: 1..S dividing S.</param>
    public LogLikelihoodMatrix(double[] values, int draws, int points, int chains = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        if (values.Length != draws * points)
        {
            throw new ArgumentException($"expected {draws} x {points} values, got {values.Length}", nameof(values));
        }

        if (chains < 1 || draws % chains != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(chains), chains, $"the {draws} rows must come from the chains in equal parts");
        }

        _values = values;
        Draws = draws;
        Points = points;
        Chains = chains;
    }

    /// <summary>Number of chains the rows come from, chain after chain.</summary>
    public int Chains { get; }

    /// <summary>S.</summary>
    public int Draws { get; }

    /// <summary>n.</summary>
    public int Points { get; }

    /// <summary>The S log-likelihoods of point <paramref name="i"/>.</summary>
    public double[] Column(int i)
    {
        var column = new double[Draws];
        for (var s = 0; s < Draws; s++)
        {
            column[s] = _values[(s * Points) + i];
        }

        return column;
    }

    /// <summary>From chains whose draws include log_lik.1..n (bfe sample --log-lik).</summary>
    public static LogLikelihoodMatrix FromChains(IReadOnlyList<Sampling.ChainResult> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var first = chains[0].Draws.IndexOf(Sampling.ChainResult.LogLikelihoodColumn(0));
        if (first < 0)
        {
            throw new ArgumentException("the draws have no log_lik columns: sample with SamplerSettings.SaveLogLikelihood (bfe: --log-lik)");
        }

        var points = chains[0].Draws.Columns.Count(c => c.StartsWith("log_lik.", StringComparison.Ordinal));
        var rows = chains.Sum(c => c.Draws.RowCount);
        var values = new double[rows * points];
        var r = 0;
        foreach (var chain in chains)
        {
            for (var s = 0; s < chain.Draws.RowCount; s++, r++)
            {
                chain.Draws.Row(s).Slice(first, points).CopyTo(values.AsSpan(r * points, points));
            }
        }

        return new LogLikelihoodMatrix(values, rows, points, chains.All(c => c.Draws.RowCount == chains[0].Draws.RowCount) ? chains.Count : 1);
    }

    /// <summary>log (1/S) sum_s exp(x_s).</summary>
    internal static double LogMeanExp(IReadOnlyList<double> x) => LogSumExp(x) - Math.Log(x.Count);

    internal static double LogSumExp(IReadOnlyList<double> x)
    {
        var max = x.Max();
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var v in x)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>(sum, sqrt(n * sample variance)): an estimate summed over points with its standard error, as loo reports it.</summary>
    internal static Estimate Total(IReadOnlyList<double> pointwise)
    {
        var mean = pointwise.Average();
        var variance = pointwise.Sum(v => (v - mean) * (v - mean)) / (pointwise.Count - 1);
        return new Estimate(pointwise.Sum(), Math.Sqrt(pointwise.Count * variance));
    }
}
