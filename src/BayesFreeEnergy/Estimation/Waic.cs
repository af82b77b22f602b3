namespace BayesFreeEnergy.Estimation;

/// <summary>
/// The widely applicable information criterion (Watanabe 2010) on both scales (docs/theory.md section 2): ArviZ/loo's
/// elpd_waic, p_waic and waic = -2 elpd_waic with standard errors, and the loss scale WAIC = T_n + V_n / n.
/// </summary>
/// <param name="ElpdWaic">elpd_waic = sum_i (lpd_i - p_waic_i), with its SE.</param>
/// <param name="PWaic">p_waic = V_n = sum_i Var_s log p(y_i | x_i, w_s), with its SE.</param>
/// <param name="WaicDeviance">waic = -2 elpd_waic, with its SE.</param>
/// <param name="TrainingLoss">T_n = -(1/n) sum_i lpd_i.</param>
/// <param name="Pointwise">elpd_waic_i per point.</param>
public sealed record Waic(Estimate ElpdWaic, Estimate PWaic, Estimate WaicDeviance, double TrainingLoss, IReadOnlyList<double> Pointwise)
{
    /// <summary>WAIC on the loss scale, T_n + V_n / n = -elpd_waic / n.</summary>
    public double LossScale => -ElpdWaic.Value / Pointwise.Count;

    /// <summary>Computes WAIC from a log-likelihood matrix.</summary>
    public static Waic Compute(LogLikelihoodMatrix logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(logLikelihood);
        var n = logLikelihood.Points;
        var lpd = new double[n];
        var pWaic = new double[n];
        var elpd = new double[n];
        for (var i = 0; i < n; i++)
        {
            var column = logLikelihood.Column(i);
            lpd[i] = LogLikelihoodMatrix.LogMeanExp(column);
            var mean = column.Average();
            pWaic[i] = column.Sum(v => (v - mean) * (v - mean)) / (column.Length - 1);
            elpd[i] = lpd[i] - pWaic[i];
        }

        var elpdTotal = LogLikelihoodMatrix.Total(elpd);
        return new Waic(elpdTotal, LogLikelihoodMatrix.Total(pWaic), LogLikelihoodMatrix.Total([.. elpd.Select(e => -2 * e)]),
            -lpd.Average(), elpd);
    }
}
