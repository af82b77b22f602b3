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
/// <param name="McseElpdLoo">Monte Carlo SE of elpd_loo, sqrt of the sum of the pointwise variances; NaN when some k exceeds 0.7, as loo reports NA.</param>
/// <param name="PointwiseMcse">Monte Carlo SE of each elpd_loo_i (loo's mcse_elpd_loo column).</param>
/// <param name="RelativeEfficiency">r_eff per point, as used for the tail lengths and the MCSE.</param>
/// <param name="EffectiveSampleSize">PSIS n_eff per point: r_eff / sum of the squared normalized weights.</param>
public sealed record PsisLoo(Estimate ElpdLoo, Estimate PLoo, Estimate LooIc, IReadOnlyList<double> ParetoK, IReadOnlyList<double> Pointwise,
    double McseElpdLoo, IReadOnlyList<double> PointwiseMcse, IReadOnlyList<double> RelativeEfficiency, IReadOnlyList<double> EffectiveSampleSize)
{
    // loo's pareto_k_table rows: upper bounds of k and their names.
    private static readonly (double Upper, string Range, string Label)[] KClasses =
        [(0.5, "(-Inf, 0.5]", "good"), (0.7, "(0.5, 0.7]", "ok"), (1, "(0.7, 1]", "bad"), (double.PositiveInfinity, "(1, Inf)", "very bad")];

    /// <summary>Points with k above 0.7, whose LOO estimate is unreliable.</summary>
    public int BadPoints => ParetoK.Count(k => k > 0.7);

    /// <summary>loo's Pareto k diagnostic table: per class of k the count, the proportion and the smallest PSIS n_eff (null when empty).</summary>
    public IReadOnlyList<ParetoKRow> ParetoKTable => [.. KClasses.Select((c, j) =>
    {
        var lower = j == 0 ? double.NegativeInfinity : KClasses[j - 1].Upper;
        var members = Enumerable.Range(0, ParetoK.Count).Where(i => ParetoK[i] > lower && ParetoK[i] <= c.Upper).ToList();
        return new ParetoKRow(c.Range, c.Label, members.Count, members.Count / (double)ParetoK.Count,
            members.Count == 0 ? null : members.Min(i => EffectiveSampleSize[i]));
    })];

    /// <summary>
    /// loo's relative_eff: for each point the ESS of its likelihood exp(log p(y_i | x_i, w)) over the draws, computed from the
    /// matrix's chains without splitting them (loo's ess_rfun), divided by S.
    /// </summary>
    public static double[] RelativeEfficiencies(LogLikelihoodMatrix logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        var perChain = logLikelihood.Draws / logLikelihood.Chains;
        return [.. Enumerable.Range(0, logLikelihood.Points).Select(i =>
        {
            // ESS is invariant to scaling, so the likelihood is taken relative to its largest value, which cannot underflow.
            var ll = logLikelihood.Column(i);
            var max = ll.Max();
            var chains = Enumerable.Range(0, logLikelihood.Chains).Select(c => ll[(c * perChain)..((c + 1) * perChain)].Select(v => Math.Exp(v - max)).ToArray()).ToArray();
            return Diagnostics.ConvergenceDiagnostics.EssBasic(chains, split: false) / logLikelihood.Draws;
        })];
    }

    /// <summary>Computes PSIS-LOO.</summary>
    /// <param name="logLikelihood">The log-likelihood matrix, with its chains.</param>
    /// <param name="relativeEfficiency">loo's r_eff per point (each &gt; 0); null: <see cref="RelativeEfficiencies"/>, as loo recommends.</param>
    public static PsisLoo Compute(LogLikelihoodMatrix logLikelihood, IReadOnlyList<double>? relativeEfficiency = null)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        var n = logLikelihood.Points;
        var s = logLikelihood.Draws;
        var rEff = relativeEfficiency ?? RelativeEfficiencies(logLikelihood);
        if (rEff.Count != n || rEff.Any(r => !(r > 0)))
        {
            throw new ArgumentException($"r_eff needs {n} positive values, one per point", nameof(relativeEfficiency));
        }

        var elpd = new double[n];
        var pLoo = new double[n];
        var k = new double[n];
        var mcse = new double[n];
        var nEff = new double[n];
        for (var i = 0; i < n; i++)
        {
            var ll = logLikelihood.Column(i);
            var tail = (int)Math.Ceiling(Math.Min(0.2 * s, 3 * Math.Sqrt(s / rEff[i])));
            var (logWeights, khat) = SmoothedLogWeights([.. ll.Select(v => -v)], tail);
            var normalizer = LogLikelihoodMatrix.LogSumExp(logWeights);
            var normalized = logWeights.Select(w => w - normalizer).ToArray();
            elpd[i] = LogLikelihoodMatrix.LogSumExp([.. ll.Select((v, t) => v + normalized[t])]);
            pLoo[i] = LogLikelihoodMatrix.LogMeanExp(ll) - elpd[i];
            k[i] = khat;
            nEff[i] = rEff[i] / normalized.Sum(w => Math.Exp(2 * w));
            mcse[i] = PointMcse(ll, normalized, elpd[i], rEff[i]);
        }

        var total = Math.Sqrt(mcse.Sum(v => v * v));
        return new PsisLoo(LogLikelihoodMatrix.Total(elpd), LogLikelihoodMatrix.Total(pLoo), LogLikelihoodMatrix.Total([.. elpd.Select(e => -2 * e)]), k, elpd,
            k.Any(v => v > 0.7) ? double.NaN : total, mcse, [.. rEff], nEff);
    }

    // loo's mcse_elpd: the variance of the importance-sampling estimate of p(y_i | y_-i), carried to the log scale through
    // 1000 normal quantiles (Blom's plotting positions) around it, divided by r_eff.
    private static double PointMcse(double[] ll, double[] normalizedLogWeights, double elpd, double rEff)
    {
        const int Samples = 1000;
        var expected = Math.Exp(elpd);
        var variance = 0.0;
        for (var t = 0; t < ll.Length; t++)
        {
            var deviation = Math.Exp(ll[t]) - expected;
            variance += Math.Exp(2 * normalizedLogWeights[t]) * deviation * deviation;
        }

        var sd = Math.Sqrt(variance);
        var logs = Enumerable.Range(1, Samples).Select(r => expected + (sd * Numerics.NormalDistribution.Quantile((r - 0.375) / (Samples - 0.75 + 1))))
            .Where(z => z > 0).Select(z => Math.Log(z)).ToArray();
        var sdLog = Diagnostics.ConvergenceDiagnostics.StandardDeviation(logs);
        return Math.Sqrt(sdLog * sdLog / rEff);
    }

    /// <summary>
    /// The Pareto k of importance weights with these log ratios (independent draws, loo's tail length), e.g. log p(w) -
    /// log q(w) of draws from a variational q: the diagnostic of Yao, Vehtari, Simpson and Gelman (2018), under 0.7 where
    /// q can serve as an importance proposal for the posterior, above it where q misses the posterior's mass.
    /// </summary>
    public static double ParetoShape(IReadOnlyList<double> logRatios)
    {
        ArgumentNullException.ThrowIfNull(logRatios);
        var s = logRatios.Count;
        return SmoothedLogWeights([.. logRatios], (int)Math.Ceiling(Math.Min(0.2 * s, 3 * Math.Sqrt(s)))).K;
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
