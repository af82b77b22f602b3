using System.Diagnostics;
using System.Globalization;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Variational;

/// <summary>
/// Gaussian variational inference (ADVI, Kucukelbir et al. 2017) on the tempered posterior phi(w) exp(-beta n L_n(w)):
/// maximizes the ELBO by stochastic gradients with the reparameterization w = mu + L eps (the path-derivative estimator
/// of Roeder et al. 2017, exact at a Gaussian posterior) and Adam, monitors the ELBO
/// every <see cref="VariationalSettings.EvaluationInterval"/> steps, and stops (after <see cref="VariationalSettings.MinIterations"/>) when the mean of the last window of
/// evaluations no longer differs from the window before by more than 3 of their combined standard errors (or 0.01% of
/// the ELBO). Since KL(q || posterior) &gt;= 0, F_VB = -ELBO is an upper bound on F_n (docs/theory.md).
/// </summary>
public static class VariationalInference
{
    /// <summary>
    /// Fits q to the tempered posterior of <paramref name="model"/>. A full-rank q starts from a mean-field fit (the one
    /// given, or one made first): its family contains that q, so it can only gain, and a full-rank fit that ends with a
    /// higher F_VB than its start (beyond their standard errors) has left for a worse optimum and is marked unreliable.
    /// </summary>
    /// <param name="model">The model and data.</param>
    /// <param name="settings">The family, beta and optimization settings.</param>
    /// <param name="onEvaluation">Called after each ELBO evaluation with the iteration and the estimate.</param>
    /// <param name="cancellation">Stops the optimization.</param>
    /// <param name="meanFieldStart">A mean-field fit of the same model at the same beta to start a full-rank fit from (ignored for mean field).</param>
    /// <exception cref="InvalidInputException">A setting outside its range.</exception>
    public static VariationalFit Fit(ITemperedModel model, VariationalSettings settings, Action<int, Estimate>? onEvaluation = null, CancellationToken cancellation = default,
        VariationalFit? meanFieldStart = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var clock = Stopwatch.StartNew();
        var d = model.Dimension;
        var evaluator = model.CreateEvaluator();
        var from = settings.Family == VariationalFamily.FullRank
            ? meanFieldStart ?? Fit(model, settings with { Family = VariationalFamily.MeanField }, onEvaluation, cancellation)
            : null;
        if (from is not null && (from.Approximation.Family != VariationalFamily.MeanField || from.Approximation.Dimension != d || from.Beta != settings.Beta))
        {
            throw new ArgumentException("the start must be a mean-field fit of the same model at the same beta", nameof(meanFieldStart));
        }

        GaussianApproximation q;
        if (from is not null)
        {
            q = new GaussianApproximation(settings.Family, from.Approximation.Mean, from.Approximation.LogScale);
        }
        else
        {
            var start = new double[d];
            if (settings.InitialOptimizationSteps > 0)
            {
                start = MaximumAPosteriori.Fit(model, 1, settings.InitialOptimizationSteps, settings.Seed).Point;
            }
            else
            {
                model.Prior.Sample(new RandomStream(settings.Seed, stream: 0x71), start);
            }

            q = new GaussianApproximation(settings.Family, start, settings.InitialLogScale);
        }

        var parameters = new double[q.ParameterCount];
        q.CopyParametersTo(parameters);
        var gradient = new double[parameters.Length];

        // mu and rho move by lr per step; M's d(d-1)/2 entries by lr / sqrt(d), since with lr each a row's correlations
        // would random-walk by about lr sqrt(d) per step on gradient noise alone. (Steps of lr sigma_i for mu, scale-free
        // in principle, converged more slowly: F_VB 2-16 nats higher on a 3-3-3 linear network at n = 400 to 25,600.)
        var scale = new double[parameters.Length];
        scale.AsSpan(0, 2 * d).Fill(1);
        scale.AsSpan(2 * d).Fill(1 / Math.Sqrt(d));
        var m = new double[parameters.Length];
        var v = new double[parameters.Length];
        var noise = new double[d];
        var draw = new double[d];
        var logGradient = new double[d];
        var random = new RandomStream(settings.Seed, stream: 0x7A1);
        var trace = new List<(int Iteration, double Elbo, double Se)>();
        var snapshots = new List<double[]>();
        var converged = false;
        var t = 0;
        while (t < settings.MaxIterations && !converged)
        {
            cancellation.ThrowIfCancellationRequested();
            t++;
            Array.Clear(gradient);
            var usable = 0;
            for (var k = 0; k < settings.GradientSamples; k++)
            {
                q.Sample(random, noise, draw);
                if (double.IsFinite(evaluator.Evaluate(draw, settings.Beta, logGradient).LogDensity) && AllFinite(logGradient))
                {
                    q.AddLogRatioTerm(noise, logGradient);
                    q.AccumulateGradient(logGradient, noise, gradient);
                    usable++;
                }
            }

            if (usable > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, 1.0 / usable, gradient);
                ModeFinder.AdamStep(parameters, gradient, m, v, t, settings.LearningRate / Math.Sqrt(1 + (t / 1000.0)), scale);
                q.SetParameters(parameters);
            }

            if (t % settings.EvaluationInterval == 0)
            {
                var elbo = Elbo(q, evaluator, settings.Beta, settings.EvaluationSamples, random, noise, draw);
                trace.Add((t, elbo.Value, elbo.StandardError));
                snapshots.Add((double[])parameters.Clone());
                onEvaluation?.Invoke(t, elbo);
                converged = t >= settings.MinIterations && Settled(trace, settings.Window);
            }
        }

        // The iterates jitter around the optimum at Adam's step size; their average over the last window sits closer.
        var window = snapshots.TakeLast(settings.Window).ToList();
        if (window.Count > 0)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] = window.Average(s => s[i]);
            }

            q.SetParameters(parameters);
        }

        var final = Elbo(q, evaluator, settings.Beta, settings.FinalSamples, new RandomStream(settings.Seed, stream: 0xF1A), noise, draw);
        var reasons = new List<string>();
        if (!converged)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the ELBO had not settled after {t} iterations (the last window of evaluations still moved beyond their noise); raise the iterations or the learning rate"));
        }

        // The averaged q should do at least as well as the iterates it averages; worse means they sit on different slopes
        // of the ELBO (still climbing, or spread over separate modes). Compared with the last window's mean, not its best
        // evaluation, which is biased upward by the selection.
        if (trace.Count > 0)
        {
            var (mean, se) = WindowMean(trace.TakeLast(settings.Window).ToList());
            if (final.Value < mean - (3 * Math.Sqrt((se * se) + (final.StandardError * final.StandardError))))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the final ELBO {final.Value:G6} is below the mean {mean:G6} of the last {Math.Min(trace.Count, settings.Window)} evaluations by more than 3 standard errors: the averaged iterates are not at a maximum; lower the learning rate"));
            }
        }

        if (from is not null && -final.Value > from.FreeEnergy.Value + (3 * Math.Sqrt((final.StandardError * final.StandardError) + (from.FreeEnergy.StandardError * from.FreeEnergy.StandardError))))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"F_VB {-final.Value:G6} is above the {from.FreeEnergy.Value:G6} of the mean-field fit it started from (a q its family contains) by more than 3 standard errors: the optimization left for a worse optimum; lower the learning rate"));
        }

        if (!double.IsFinite(final.Value) || !double.IsFinite(final.StandardError))
        {
            reasons.Add("the ELBO is not finite: q puts mass where the density is not finite");
        }

        var freeEnergy = CheckedEstimate.Judge(new Estimate(-final.Value, final.StandardError), reasons);
        return new VariationalFit(q, settings.Beta, final, freeEnergy, trace, t, converged, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// <paramref name="count"/> independent draws from q as one chain in the sampler's table layout, so every draws writer
    /// and reader takes them: lp__ = log phi(w) - beta n L_n(w), log_g__ = log q(w), w.1 .. w.d, nLn and, if asked,
    /// log_lik.1 .. log_lik.n (CmdStan's variational output names log p and log q the same way).
    /// </summary>
    /// <param name="model">The model the fit was made for.</param>
    /// <param name="fit">The fit.</param>
    /// <param name="count">Number of draws, Range: at least 2.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="logLikelihood">Whether to add the per-datum log-likelihoods (for WAIC and PSIS-LOO).</param>
    public static ChainResult Draws(ITemperedModel model, VariationalFit fit, int count, long seed, bool logLikelihood)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(fit);
        if (count < 2)
        {
            throw new InvalidInputException($"draws from q must be at least 2, got {count}", nameof(count));
        }

        var d = model.Dimension;
        var n = model.DataCount;
        string[] columns = ["lp__", "log_g__", .. Enumerable.Range(0, d).Select(ChainResult.ParameterColumn), ChainResult.NegLogLikelihoodColumn,
            .. Enumerable.Range(0, logLikelihood ? n : 0).Select(ChainResult.LogLikelihoodColumn)];
        var table = new DrawTable(columns, count);
        var evaluator = model.CreateEvaluator();
        var random = new RandomStream(seed, stream: 0xD8A);
        var noise = new double[d];
        var draw = new double[d];
        var gradient = new double[d];
        for (var s = 0; s < count; s++)
        {
            fit.Approximation.Sample(random, noise, draw);
            var density = evaluator.Evaluate(draw, fit.Beta, gradient);
            var row = table.Row(s);
            row[0] = density.LogDensity;
            row[1] = fit.Approximation.LogDensityAt(noise);
            draw.CopyTo(row[2..]);
            row[2 + d] = density.NegLogLikelihood;
            if (logLikelihood)
            {
                evaluator.PointwiseLogLikelihood(draw, row[(3 + d)..]);
            }
        }

        return new ChainResult(1, fit.Beta, table, 0, [.. Enumerable.Repeat(1.0, d)], 0, fit.Seconds);
    }

    /// <summary>
    /// The Pareto k of q against the posterior from draws made by <see cref="Draws"/>: of the importance weights
    /// p(w) / q(w), whose logs are lp__ - log_g__ (see <see cref="PsisLoo.ParetoShape"/>).
    /// </summary>
    public static double ParetoK(ChainResult draws)
    {
        ArgumentNullException.ThrowIfNull(draws);
        var (logP, logQ) = (draws.Draws.IndexOf("lp__"), draws.Draws.IndexOf("log_g__"));
        return PsisLoo.ParetoShape([.. Enumerable.Range(0, draws.Draws.RowCount).Select(r => draws.Draws.Row(r)[logP] - draws.Draws.Row(r)[logQ])]);
    }

    /// <summary>
    /// The ELBO as the mean over <paramref name="samples"/> draws of log p(w) - log q(w), with its standard error: the log
    /// ratio, whose variance falls to 0 as q approaches the posterior.
    /// </summary>
    private static Estimate Elbo(GaussianApproximation q, IModelEvaluator evaluator, double beta, int samples, RandomStream random, double[] noise, double[] draw)
    {
        var values = new double[samples];
        var gradient = new double[q.Dimension];
        for (var s = 0; s < samples; s++)
        {
            q.Sample(random, noise, draw);
            values[s] = evaluator.Evaluate(draw, beta, gradient).LogDensity - q.LogDensityAt(noise);
        }

        return Estimate.MeanOfIndependent(values);
    }

    // Settled: the mean of the last window of evaluations is within 3 combined SEs (or 1e-4 relative) of the window before.
    private static bool Settled(List<(int Iteration, double Elbo, double Se)> trace, int window)
    {
        if (trace.Count < 2 * window)
        {
            return false;
        }

        var last = WindowMean(trace.TakeLast(window).ToList());
        var before = WindowMean(trace.SkipLast(window).TakeLast(window).ToList());
        return Math.Abs(last.Mean - before.Mean) <= (3 * Math.Sqrt((last.Se * last.Se) + (before.Se * before.Se))) + (1e-4 * Math.Abs(last.Mean));
    }

    // The mean of a window of ELBO evaluations and its standard error (the evaluations are independent).
    private static (double Mean, double Se) WindowMean(List<(int Iteration, double Elbo, double Se)> window) =>
        (window.Average(e => e.Elbo), Math.Sqrt(window.Sum(e => e.Se * e.Se)) / window.Count);

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (!double.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
