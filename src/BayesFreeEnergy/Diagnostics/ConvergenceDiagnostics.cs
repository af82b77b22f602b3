using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Diagnostics;

/// <summary>
/// Rank-normalized split R-hat, bulk and tail effective sample size and Monte Carlo standard errors
/// (Vehtari, Gelman, Simpson, Carpenter and Bürkner 2021), computed as the R package posterior computes them.
/// Every method takes one quantity's draws as one array per chain, all chains of equal length.
/// </summary>
public static class ConvergenceDiagnostics
{
    // R's .Machine$double.eps, the tolerance posterior uses to call draws constant.
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>max(bulk R-hat, tail R-hat): split R-hat of the rank-normalized draws and of their folded ranks.</summary>
    public static double Rhat(IReadOnlyList<double[]> chains)
    {
        var split = SplitChains(chains);
        if (ShouldReturnNaN(split))
        {
            return double.NaN;
        }

        // Folding uses the median of all draws, before the split drops an odd chain's middle draw.
        var median = Median(Flatten(chains));
        var folded = SplitChains([.. chains.Select(c => c.Select(x => Math.Abs(x - median)).ToArray())]);
        return Math.Max(BasicRhat(ZScale(split)), BasicRhat(ZScale(folded)));
    }

    /// <summary>Bulk ESS: the ESS of the rank-normalized split chains.</summary>
    public static double EssBulk(IReadOnlyList<double[]> chains)
    {
        var split = SplitChains(chains);
        return ShouldReturnNaN(split) ? double.NaN : Ess(ZScale(split));
    }

    /// <summary>Tail ESS: the smaller ESS of the indicators x &lt;= q05 and x &lt;= q95.</summary>
    public static double EssTail(IReadOnlyList<double[]> chains) =>
        Math.Min(EssQuantile(chains, 0.05), EssQuantile(chains, 0.95));

    /// <summary>ESS of the quantile <paramref name="probability"/>: the ESS of the indicator x &lt;= q.</summary>
    public static double EssQuantile(IReadOnlyList<double[]> chains, double probability)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (ShouldReturnNaN(chains))
        {
            return double.NaN;
        }

        var q = Quantile(Flatten(chains), probability);
        return EssBasic([.. chains.Select(c => c.Select(x => x <= q ? 1.0 : 0.0).ToArray())]);
    }

    /// <summary>
    /// ESS without rank normalization: of the split chains (posterior's ess_basic and ess_mean), or of the chains as they
    /// are (<paramref name="split"/> false: the loo package's ess_rfun, behind its relative_eff).
    /// </summary>
    public static double EssBasic(IReadOnlyList<double[]> chains, bool split = true)
    {
        var used = split ? SplitChains(chains) : [.. chains];
        return ShouldReturnNaN(used) ? double.NaN : Ess(used);
    }

    /// <summary>Monte Carlo standard error of the mean: sd / sqrt(ess_basic).</summary>
    public static double McseMean(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        return StandardDeviation(Flatten(chains)) / Math.Sqrt(EssBasic(chains));
    }

    /// <summary>The summary posterior's summarise_draws() prints for one quantity.</summary>
    public static VariableSummary Summarize(string name, IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var all = Flatten(chains);
        return new VariableSummary(name, all.Average(), Median(all), StandardDeviation(all), Quantile(all, 0.05), Quantile(all, 0.95),
            McseMean(chains), EssBulk(chains), EssTail(chains), Rhat(chains));
    }

    /// <summary>R's default (type 7) sample quantile.</summary>
    public static double Quantile(IReadOnlyCollection<double> values, double probability)
    {
        ArgumentNullException.ThrowIfNull(values);
        return QuantileOfSorted(values.Order().ToArray(), probability);
    }

    /// <summary>R's default (type 7) sample quantile of values already in ascending order (several quantiles, one sort).</summary>
    public static double QuantileOfSorted(ReadOnlySpan<double> sorted, double probability)
    {
        var h = (sorted.Length - 1) * probability;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }

    /// <summary>
    /// The median as R's <c>median</c> computes it: the middle value, or (a + b) / 2 of the middle two. Not a + (b - a) / 2,
    /// which can differ in the last bit and then breaks the tie between the two in R-hat's folded ranks.
    /// </summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        var half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <summary>Sample standard deviation (divisor n - 1).</summary>
    public static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
    }

    // Halves every chain; an odd middle draw is dropped, as posterior does.
    private static double[][] SplitChains(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0 || chains.Any(c => c.Length != chains[0].Length))
        {
            throw new ArgumentException("diagnostics need at least one chain, all of the same length", nameof(chains));
        }

        var n = chains[0].Length;
        if (n < 2)
        {
            return [.. chains];
        }

        var half = n / 2;
        return [.. chains.SelectMany(c => new[] { c[..half], c[(n - half)..] })];
    }

    private static double[] Flatten(IReadOnlyList<double[]> chains) => [.. chains.SelectMany(c => c)];

    // Non-finite or constant draws (range below machine epsilon) have no meaningful diagnostics.
    private static bool ShouldReturnNaN(IReadOnlyList<double[]> chains)
    {
        var all = Flatten(chains);
        return all.Any(x => !double.IsFinite(x)) || all.Max() - all.Min() < MachineEpsilon;
    }

    /// <summary>Ranks 1..S of the values, ties sharing their average rank (R's rank with ties.method = "average").</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var averageRank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = averageRank;
            }

            start = end + 1;
        }

        return ranks;
    }

    // Replaces draws by normal scores of their average ranks over all chains: Phi^-1((r - 3/8) / (S + 1/4)).
    private static double[][] ZScale(double[][] chains)
    {
        var all = Flatten(chains);
        var ranks = Ranks(all);
        var total = all.Length;
        var n = chains[0].Length;
        return [.. Enumerable.Range(0, chains.Length).Select(c =>
            Enumerable.Range(0, n).Select(i => NormalDistribution.Quantile((ranks[(c * n) + i] - 0.375) / (total - 0.75 + 1))).ToArray())];
    }

    private static double BasicRhat(double[][] chains)
    {
        var n = chains[0].Length;
        var means = chains.Select(c => c.Average()).ToArray();
        var within = chains.Select(c => Variance(c)).Average();
        var between = n * (chains.Length > 1 ? Variance(means) : 0);
        return Math.Sqrt(((between / within) + n - 1) / n);
    }

    private static double Variance(double[] x)
    {
        var mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
    }

    // Geyer's initial positive and monotone sequence estimator over the chains' autocovariances,
    // with the antithetic improvement (posterior's .ess).
    private static double Ess(double[][] chains)
    {
        var m = chains.Length;
        var n = chains[0].Length;
        if (n < 3)
        {
            return double.NaN;
        }

        var autocovariances = chains.Select(c => new Autocovariance(c)).ToArray();
        double MeanAutocovariance(int lag) => autocovariances.Average(a => a[lag]);
        var chainMeans = chains.Select(c => c.Average()).ToArray();
        var meanVariance = MeanAutocovariance(0) * n / (n - 1);
        var varPlus = meanVariance * (n - 1) / n;
        if (m > 1)
        {
            varPlus += Variance(chainMeans);
        }

        var rho = new double[n];
        var t = 0;
        var rhoEven = 1.0;
        rho[0] = rhoEven;
        var rhoOdd = 1 - ((meanVariance - MeanAutocovariance(1)) / varPlus);
        rho[1] = rhoOdd;
        while (t < n - 5 && !double.IsNaN(rhoEven + rhoOdd) && rhoEven + rhoOdd > 0)
        {
            t += 2;
            rhoEven = 1 - ((meanVariance - MeanAutocovariance(t)) / varPlus);
            rhoOdd = 1 - ((meanVariance - MeanAutocovariance(t + 1)) / varPlus);
            if (rhoEven + rhoOdd >= 0)
            {
                rho[t] = rhoEven;
                rho[t + 1] = rhoOdd;
            }
        }

        var maxT = t;
        if (rhoEven > 0)
        {
            rho[maxT] = rhoEven;
        }

        t = 0;
        while (t <= maxT - 4)
        {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1])
            {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }

        var draws = (double)m * n;
        var sum = 0.0;
        for (var k = 0; k < maxT; k++)
        {
            sum += rho[k];
        }

        var tau = -1 + (2 * sum) + rho[maxT];
        tau = Math.Max(tau, 1 / Math.Log10(draws));
        return draws / tau;
    }

    // Biased autocovariance (divisor n) of one chain, computed lag by lag on demand: Geyer's truncation
    // usually stops long before the last lag, so this is cheaper than a full FFT for typical chains.
    private sealed class Autocovariance
    {
        private readonly double[] _centered;
        private readonly Dictionary<int, double> _cache = [];

        public Autocovariance(double[] x)
        {
            var mean = x.Average();
            _centered = [.. x.Select(v => v - mean)];
        }

        public double this[int lag]
        {
            get
            {
                if (!_cache.TryGetValue(lag, out var value))
                {
                    var n = _centered.Length;
                    value = System.Numerics.Tensors.TensorPrimitives.Dot(_centered.AsSpan(0, n - lag), _centered.AsSpan(lag)) / n;
                    _cache[lag] = value;
                }

                return value;
            }
        }
    }
}
