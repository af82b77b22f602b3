namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Pareto-smoothed importance-sampling leave-one-out cross-validation (Vehtari, Gelman and Gabry 2017), computed as the
/// R package loo computes it: tail length ceil(min(0.2 S, 3 sqrt(S / r_eff))), a generalized Pareto fit to the tail by
/// Zhang and Stephens' method with loo's weakly informative prior on k, smoothed tail weights truncated at the largest raw
/// weight. Reports elpd_loo, p_loo, looic with standard errors and a Pareto k per point.
/// </summary>
/// <param name="ElpdLoo">elpd_loo with its SE.</param>
/// <param name="PLoo">p_loo = lpd - elpd_loo with its SE.</param>
/// <param name="LooIc">looic = -2 elpd_loo with its SE.</param>
/// <param name="ParetoK">Pareto k per point: below 0.5 good, up to 0.7 ok, up to 1 bad, above 1 very bad (loo's thresholds).</param>
/// <param name="Pointwise">elpd_loo_i per point.</param>
public sealed record PsisLoo(Estimate ElpdLoo, Estimate PLoo, Estimate LooIc, IReadOnlyList<double> ParetoK, IReadOnlyList<double> Pointwise)
{
    /// <summary>Points with k above 0.7, whose LOO estimate is unreliable.</summary>
    public int BadPoints => ParetoK.Count(k => k > 0.7);

    /// <summary>Computes PSIS-LOO; <paramref name="relativeEfficiency"/> is loo's r_eff (1 when draws are independent).</summary>
    public static PsisLoo Compute(LogLikelihoodMatrix logLikelihood, double relativeEfficiency = 1)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        var n = logLikelihood.Points;
        var s = logLikelihood.Draws;
        var tail = (int)Math.Ceiling(Math.Min(0.2 * s, 3 * Math.Sqrt(s / relativeEfficiency)));
        var elpd = new double[n];
        var pLoo = new double[n];
        var k = new double[n];
        for (var i = 0; i < n; i++)
        {
            var ll = logLikelihood.Column(i);
            var (logWeights, khat) = SmoothedLogWeights([.. ll.Select(v => -v)], tail);
            var normalizer = LogLikelihoodMatrix.LogSumExp(logWeights);
            elpd[i] = LogLikelihoodMatrix.LogSumExp([.. ll.Select((v, t) => v + logWeights[t] - normalizer)]);
            pLoo[i] = LogLikelihoodMatrix.LogMeanExp(ll) - elpd[i];
            k[i] = khat;
        }

        return new PsisLoo(LogLikelihoodMatrix.Total(elpd), LogLikelihoodMatrix.Total(pLoo), LogLikelihoodMatrix.Total([.. elpd.Select(e => -2 * e)]), k, elpd);
    }

    private static (double[] LogWeights, double K) SmoothedLogWeights(double[] logRatios, int tail)
    {
        var s = logRatios.Length;
        var max = logRatios.Max();
        var lw = logRatios.Select(r => r - max).ToArray();
        var k = double.PositiveInfinity;
        if (tail >= 5)
        {
            var order = Enumerable.Range(0, s).OrderBy(t => lw[t]).ToArray();
            var tailIds = order[(s - tail)..];
            var lwTail = tailIds.Select(t => lw[t]).ToArray();
            if (Math.Abs(lwTail[^1] - lwTail[0]) >= 2.220446049250313e-16 / 100)
            {
                var cutoff = lw[order[s - tail - 1]];
                var expCutoff = Math.Exp(cutoff);
                (k, var sigma) = FitGeneralizedPareto([.. lwTail.Select(v => Math.Exp(v) - expCutoff)]);
                if (double.IsFinite(k))
                {
                    for (var j = 0; j < tail; j++)
                    {
                        var p = (j + 1 - 0.5) / tail;
                        lw[tailIds[j]] = Math.Log((sigma * double.ExpM1(-k * double.LogP1(-p)) / k) + expCutoff);
                    }
                }
            }
        }

        for (var t = 0; t < s; t++)
        {
            lw[t] = Math.Min(lw[t], 0) + max;
        }

        return (lw, k);
    }

    // Zhang and Stephens (2009) profile-posterior estimate of the generalized Pareto (k, sigma) for sorted x,
    // with loo's adjustment of k toward 0.5 (weight 10 pseudo-observations).
    private static (double K, double Sigma) FitGeneralizedPareto(double[] x)
    {
        const double prior = 3;
        var n = x.Length;
        var m = 30 + (int)Math.Floor(Math.Sqrt(n));
        var xStar = x[(int)Math.Floor((n / 4.0) + 0.5) - 1];
        var theta = Enumerable.Range(1, m).Select(j => (1 / x[n - 1]) + ((1 - Math.Sqrt(m / (j - 0.5))) / prior / xStar)).ToArray();
        var logLikelihood = theta.Select(t =>
        {
            var b = -t;
            var kb = x.Average(v => double.LogP1(b * v));
            return n * (Math.Log(b / kb) - kb - 1);
        }).ToArray();
        var normalizer = LogLikelihoodMatrix.LogSumExp(logLikelihood);
        var thetaHat = theta.Select((t, j) => t * Math.Exp(logLikelihood[j] - normalizer)).Sum();
        var k = x.Average(v => double.LogP1(-thetaHat * v));
        var sigma = -k / thetaHat;
        k = ((k * n) + (10 * 0.5)) / (n + 10);
        return (double.IsNaN(k) ? double.PositiveInfinity : k, sigma);
    }
}
