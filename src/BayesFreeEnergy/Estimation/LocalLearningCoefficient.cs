using System.Globalization;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Kernels;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// The local learning coefficient of Lau, Furman, Wang, Murfet and Wei (2023), as devinterp estimates it (docs/theory.md):
/// SGLD on exp(-n beta L_n(w) - (gamma/2) |w - w0|^2) at beta = 1/log n without the prior, then
/// lambda(w0) = n beta (E[L_n(w)] - L_n(w0)) = beta (E[n L_n] - n L_n(w0)), judged by checks that catch the ways it fails:
/// a step size outside Langevin's stable range, a loss trace that has not settled, too few effective draws, and values
/// no learning coefficient can take. <see cref="Calibrate"/> chooses the step size as devinterp's users do by hand.
/// </summary>
public static class LocalLearningCoefficient
{
    /// <summary>eps times the top (preconditioned) curvature above which SGLD's own bias in that direction exceeds a third (1 / (1 - eps a / 4)).</summary>
    public const double MaximumStepCurvature = 1;

    /// <summary>
    /// Mean Metropolis acceptance of the SGLD moves (full batch) below which SGLD's discretisation error is too large to
    /// ignore: a share 1 - a of its moves would be rejected by an exact sampler.
    /// </summary>
    public const double MinimumAcceptance = 0.9;

    /// <summary>Mean acceptance of a Metropolis-adjusted chain below which it barely moves: the step is too large.</summary>
    public const double MinimumAdjustedAcceptance = 0.25;

    /// <summary>Relative change of the mean loss between the first and last third of the draws that a settled trace may show besides noise.</summary>
    public const double TraceAllowance = 0.05;

    /// <summary>Estimates lambda(w0) with its MCSE and verdict, and returns the chains as a trace.</summary>
    /// <param name="model">The model and data.</param>
    /// <param name="center">w0, e.g. a trained network.</param>
    /// <param name="settings">
    /// Sampler settings (localization gamma &gt; 0, chains, draws, seed; for SGLD the step and batch size); algorithm, beta,
    /// center and initialization are set here.
    /// </param>
    /// <param name="bound">A proven upper bound on lambda (lambda_ReLU), or null.</param>
    /// <param name="sampler">
    /// SGLD, or NUTS on the tempered posterior under the prior N(w0, I / gamma), which is the same localized target
    /// sampled exactly (full batch; the step size and batch size of the settings do not apply).
    /// </param>
    /// <param name="precondition">
    /// For SGLD, a preconditioner built as <see cref="Calibrate"/> builds it (<see cref="LlcPreconditioning.Automatic"/>
    /// and <see cref="LlcPreconditioning.None"/> keep the settings' own); the step size is then in G's units.
    /// </param>
    public static LlcEstimate Estimate(ITemperedModel model, double[] center, SamplerSettings settings, double? bound = null, LlcSampler sampler = LlcSampler.Sgld,
        LlcPreconditioning precondition = LlcPreconditioning.None)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(settings);
        var beta = LearningCoefficientEstimators.WbicBeta(model.DataCount);
        var local = sampler == LlcSampler.Sgld ? new LocalCurvature(model, center, beta, settings.Localization) : null;
        if (local is not null && precondition is not (LlcPreconditioning.None or LlcPreconditioning.Automatic))
        {
            settings = settings with
            {
                SgldPreconditioner = Preconditioner(local, model.Dimension, settings.Localization, precondition),
                SgldAdaptPreconditioner = precondition == LlcPreconditioning.Adaptive,
                SgldLeimkuhlerMatthews = precondition == LlcPreconditioning.Adaptive && !settings.SgldMetropolisAdjusted,
            };
        }

        // An adapted G leaves the curvature at w0 behind: its step is judged by the Metropolis check alone.
        var curvature = local is null || settings.SgldAdaptPreconditioner ? double.NaN : local.TopEigenvalue(settings.SgldPreconditioner);
        return Run(model, center, Prepared(settings, sampler), beta, curvature, bound).Estimate;
    }

    /// <summary>
    /// Chooses the step size and the localization from a grid, as devinterp's users do by hand, and estimates lambda(w0)
    /// there.
    /// <list type="bullet">
    /// <item>Sampler: SGLD preconditioned by <see cref="Preconditioner"/>, started from the Laplace approximation at w0. With the
    /// full batch every move passes a Metropolis test (preconditioned MALA), so the step sets only the efficiency; with
    /// minibatches it is plain SGLD and the step also sets the bias.</item>
    /// <item>Steps: for each localization the step halves <paramref name="gridPoints"/> times from 1/a (a the top eigenvalue of
    /// G H at w0), each with a short run of a quarter of the draws, judged by every check but the convergence rule (short
    /// runs have few effective draws by design). MALA takes the largest step that accepts at least half the moves (its
    /// optimum is 0.574); plain SGLD the largest that is ok, its Metropolis check included (at least
    /// <see cref="MinimumAcceptance"/>), else the largest that passes that check.</item>
    /// <item>A full run at that step follows; plain SGLD's step is halved (up to 3 times) while its Metropolis check fails
    /// (a full run reaches stiffer regions than the short one), then the run is lengthened up to 16 times while its only
    /// fault is convergence (too few effective draws, or chains that disagree).</item>
    /// <item>With <see cref="LlcSampler.Nuts"/> the localized posterior is sampled exactly (full batch,
    /// step and metric adapted in warm-up): no step grid, no preconditioner, one lengthened run per localization. It costs a
    /// tree of full-batch gradients per draw, so it serves networks up to thousands of parameters and as the reference that
    /// SGLD's estimate at the same localization must reproduce.</item>
    /// <item>With <see cref="LlcPreconditioning.Adaptive"/> (minibatch SGLD, G learned from the chain): no step grid and no
    /// Metropolis threshold; at gamma and gamma/4 a lengthened run at <see cref="AdaptiveStep"/> and one at twice its step
    /// are extrapolated to step 0 (Richardson-Romberg), which removes the bias linear in the step (the minibatch gradient's
    /// noise), as long as the two differ by at most <see cref="MaximumStepEffect"/>; both steps are halved, at most three
    /// times, while a run blows up or the pair cannot be extrapolated.</item>
    /// <item>Localization: gamma, gamma/4 and gamma/16 (adaptive: gamma and gamma/4); the weakest whose full run is ok and agrees with the next stronger
    /// one's is reported. When none does, the estimate at gamma is reported as unreliable: it depends on the
    /// localization (or could not be confirmed at a weaker one).</item>
    /// </list>
    /// </summary>
    /// <param name="model">The model and data.</param>
    /// <param name="center">w0.</param>
    /// <param name="settings">Settings as for <see cref="Estimate"/>; its step size is ignored, its localization is the strongest tried.</param>
    /// <param name="bound">A proven upper bound on lambda, or null.</param>
    /// <param name="gridPoints">Number of step sizes tried per localization, Range: 2..20.</param>
    /// <param name="precondition">
    /// How SGLD is preconditioned (see <see cref="Preconditioner"/>): the step size is then limited by the preconditioned
    /// curvature, whose spread is far smaller, so the flat directions mix in far fewer steps.
    /// </param>
    /// <param name="cancellation">Stops the runs.</param>
    /// <param name="sampler">SGLD, or NUTS (exact; see <see cref="Estimate"/>).</param>
    public static LlcCalibration Calibrate(ITemperedModel model, double[] center, SamplerSettings settings, double? bound = null, int gridPoints = 10,
        LlcPreconditioning precondition = LlcPreconditioning.Automatic, CancellationToken cancellation = default, LlcSampler sampler = LlcSampler.Sgld)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(gridPoints, 20);
        var beta = LearningCoefficientEstimators.WbicBeta(model.DataCount);
        var grid = new List<LlcGridPoint>();
        var finals = new List<LlcEstimate>();
        // With the full batch the moves can pass a Metropolis test, which removes SGLD's discretisation bias.
        settings = Prepared(settings, sampler) with { SgldMetropolisAdjusted = settings.BatchSize == 0 || settings.BatchSize == model.DataCount };
        if (sampler == LlcSampler.Sgld && precondition == LlcPreconditioning.Adaptive)
        {
            return CalibrateAdaptive(model, center, settings with { SgldMetropolisAdjusted = false }, beta, bound, cancellation);
        }

        foreach (var gamma in LocalizationGrid.Select(f => settings.Localization * f))
        {
            if (sampler == LlcSampler.Nuts)
            {
                // NUTS adapts its own step and metric and is exact: no step grid, only the localizations.
                cancellation.ThrowIfCancellationRequested();
                var exact = Lengthened(model, center, settings with { Localization = gamma }, beta, double.NaN, bound, cancellation);
                grid.Add(LlcGridPoint.Of(exact));
                finals.Add(exact);
                continue;
            }

            var local = new LocalCurvature(model, center, beta, gamma);
            var atGamma = settings with
            {
                Localization = gamma,
                SgldPreconditioner = Preconditioner(local, model.Dimension, gamma, precondition),
                SgldAdaptPreconditioner = precondition == LlcPreconditioning.Adaptive,
            };
            var curvature = local.TopEigenvalue(atGamma.SgldPreconditioner);
            var shortRun = atGamma with { Draws = Math.Max(100, settings.Draws / 4), Warmup = Math.Max(25, settings.Warmup / 4) };
            var steps = new List<LlcGridPoint>();
            for (var k = 0; k < gridPoints; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                var step = MaximumStepCurvature / curvature / Math.Pow(2, k);
                steps.Add(LlcGridPoint.Of(Run(model, center, shortRun with { StepSize = step }, beta, curvature, bound, shortRun: true).Estimate));
            }

            // Steps run from the largest down, and the larger the step the faster the chains mix. Exact (Metropolis-adjusted)
            // chains are unbiased at every step: the largest whose acceptance is near MALA's optimum 0.574 (Roberts and
            // Rosenthal 1998) or above. Plain SGLD: the largest that is ok, which includes a discretisation error a
            // Metropolis step would accept at least MinimumAcceptance of (with minibatches from the periodic full-batch
            // checks); failing that the largest with that acceptance, whose run then says what else is wrong.
            var chosen = settings.SgldMetropolisAdjusted
                ? Enumerable.Range(0, steps.Count).Where(k => steps[k].Acceptance >= 0.5).DefaultIfEmpty(steps.Count - 1).First()
                : Enumerable.Range(0, steps.Count).Where(k => steps[k].Lambda.IsOk)
                    .Concat(Enumerable.Range(0, steps.Count).Where(k => steps[k].Acceptance >= MinimumAcceptance)).DefaultIfEmpty(steps.Count - 1).First();
            grid.AddRange(steps);
            cancellation.ThrowIfCancellationRequested();
            finals.Add(Lengthened(model, center, atGamma with { StepSize = steps[chosen].StepSize }, beta, curvature, bound, cancellation));
        }

        return Chosen(grid, finals, settings.Localization);
    }

    // The weakest localization that is ok and agrees with the next stronger one; otherwise the given one, judged.
    private static LlcCalibration Chosen(List<LlcGridPoint> grid, List<LlcEstimate> finals, double gamma)
    {
        for (var k = finals.Count - 1; k >= 1; k--)
        {
            if (Agree(finals[k].Lambda, finals[k - 1].Lambda))
            {
                return new LlcCalibration(grid, finals, finals[k]);
            }
        }

        // An estimate that failed its own checks keeps its own reasons: whether it agrees with the weaker one means nothing.
        var given = finals[0];
        var weaker = finals[1].Lambda;
        if (!given.Lambda.IsOk)
        {
            return new LlcCalibration(grid, finals, given);
        }

        var reason = weaker.IsOk
            ? string.Create(CultureInfo.InvariantCulture, $"the estimate depends on the localization: {given.Lambda.Value:0.##} ± {given.Lambda.StandardError:0.##} at gamma {gamma:G3} but {weaker.Value:0.##} ± {weaker.StandardError:0.##} at gamma {gamma * LocalizationGrid[1]:G3}; the localization, not the data, sets it")
            : string.Create(CultureInfo.InvariantCulture, $"the estimate could not be confirmed at a weaker localization (gamma {gamma * LocalizationGrid[1]:G3}: {weaker.Reasons.FirstOrDefault() ?? "no agreement"})");
        return new LlcCalibration(grid, finals, given with { Lambda = CheckedEstimate.Judge(given.Lambda.Estimate, [.. given.Lambda.Reasons, reason]) });
    }

    /// <summary>The first step, in the adapted G's units, of an adaptive calibration's runs (each extrapolated with one at twice it; halved while a run blows up or the pair cannot be extrapolated).</summary>
    public const double AdaptiveStep = 0.04;

    // SGLD with the adapted diagonal G (chains from w0, G learned in warm-up) at gamma and gamma/4. The Metropolis check's
    // fixed threshold says nothing here (a MALA step's acceptance falls like exp(-c d eps^3) while the LLC's bias is
    // O(eps) per direction: at d = 10^4 runs accepting 0.7 agree with lambda), so the step is judged by the bias itself:
    // a run at twice the step measures it, and the two are extrapolated to step 0 (Extrapolated).
    private static LlcCalibration CalibrateAdaptive(ITemperedModel model, double[] center, SamplerSettings settings, double beta, double? bound,
        CancellationToken cancellation)
    {
        var grid = new List<LlcGridPoint>();
        var finals = new List<LlcEstimate>();
        foreach (var gamma in LocalizationGrid.Take(2).Select(f => settings.Localization * f))
        {
            var atGamma = settings with
            {
                Localization = gamma,
                StepSize = AdaptiveStep,
                SgldLeimkuhlerMatthews = true,
                SgldPreconditioner = Preconditioner(new LocalCurvature(model, center, beta, gamma), model.Dimension, gamma, LlcPreconditioning.Adaptive),
                SgldAdaptPreconditioner = true,
            };
            // A run that blew up (the loss non-finite or beyond d/2: G grew faster than the loss stiffened) is repeated at
            // half the step; so is a pair whose fine run sampled well but which cannot be extrapolated (the run at twice the
            // step failed, or the two differ too much): the bias is linear in the step, so halving both brings them closer.
            // At most three halvings in all; every pair tried stays in the grid.
            for (var halvings = 0; ; halvings++)
            {
                cancellation.ThrowIfCancellationRequested();
                var reported = Lengthened(model, center, atGamma, beta, double.NaN, bound, cancellation, stepJudgedByDoubling: true);
                var last = halvings == 3;
                if (!last && BlewUp(reported, model.Dimension))
                {
                    grid.Add(LlcGridPoint.Of(reported));
                    atGamma = atGamma with { StepSize = atGamma.StepSize / 2 };
                    continue;
                }

                cancellation.ThrowIfCancellationRequested();
                var coarse = Lengthened(model, center, atGamma with { StepSize = 2 * atGamma.StepSize }, beta, double.NaN, bound, cancellation, stepJudgedByDoubling: true);
                grid.Add(LlcGridPoint.Of(coarse));
                grid.Add(LlcGridPoint.Of(reported));
                var extrapolated = Extrapolated(reported, coarse, model.Dimension, bound);
                if (!last && reported.SamplingReasons.Count == 0 && extrapolated.SamplingReasons.Count > 0)
                {
                    atGamma = atGamma with { StepSize = atGamma.StepSize / 2 };
                    continue;
                }

                finals.Add(extrapolated);
                break;
            }
        }

        return Chosen(grid, finals, settings.Localization);
    }

    /// <summary>
    /// The largest change of the estimate between the step and twice it, relative to the extrapolated value, at which the
    /// extrapolation is trusted: a bias c eps + b eps^2 changes by D = c eps + 3 b eps^2 and the extrapolation is off by
    /// 2 b eps^2, at most two thirds of D when c and b share a sign, so 0.15 keeps it within 10%. No allowance for the
    /// runs' noise is added: a margin of standard errors would pass the steps of a noisier run that differ by more.
    /// </summary>
    public const double MaximumStepEffect = 0.15;

    // Richardson-Romberg extrapolation (Durmus, Simsekli, Moulines, Badeau and Richard 2016): the minibatch gradient's noise
    // heats the chain by an amount linear in the step (the carried noise leaves the discretisation's own bias O(eps^2)), so
    // 2 lambda(eps) - lambda(2 eps) removes the leading bias. Both runs must have sampled well, and the change between them
    // be small enough that what is left (O(eps^2)) stays small. Whether a value is plausible (not negative, not above d/2
    // or the bound) is asked of the extrapolated value, not of the heated runs.
    internal static LlcEstimate Extrapolated(LlcEstimate fine, LlcEstimate coarse, int dimension, double? bound)
    {
        var (a, b) = (fine.Lambda, coarse.Lambda);
        var estimate = new Estimate((2 * a.Value) - b.Value, Math.Sqrt((4 * a.StandardError * a.StandardError) + (b.StandardError * b.StandardError)));
        var reasons = fine.SamplingReasons.ToList();
        var coarseReasons = coarse.SamplingReasons;
        if (reasons.Count == 0 && coarseReasons.Count > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the step could not be checked: the run at twice the step ({coarse.StepSize:G3}) is unreliable ({coarseReasons[0]})"));
        }
        else if (reasons.Count == 0 && Math.Abs(b.Value - a.Value) > MaximumStepEffect * Math.Abs(estimate.Value))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"the estimate depends strongly on the step: {a.Value:0.##} ± {a.StandardError:0.##} at step {fine.StepSize:G3} but {b.Value:0.##} ± {b.StandardError:0.##} at {coarse.StepSize:G3}, more than {100 * MaximumStepEffect:0}% of the extrapolated {estimate.Value:0.##}; SGLD's bias is not small enough to extrapolate (a larger batch or a smaller step)"));
        }

        var judged = CheckedEstimate.Judge(estimate, [.. reasons, .. LearningCoefficientChecks.Plausible(estimate, dimension, bound)]);
        return fine with { Lambda = judged, SamplingReasons = reasons, ExtrapolatedFrom = coarse.StepSize };
    }

    private static bool BlewUp(LlcEstimate estimate, int dimension) =>
        !(estimate.Lambda.Value <= dimension / 2.0) || estimate.Trace.Chains.Any(c => c.Draws.Column("divergent__").Any(x => x != 0));

    // The run's algorithm follows the sampler asked for, whatever the settings say (their default is NUTS for posteriors).
    private static SamplerSettings Prepared(SamplerSettings settings, LlcSampler sampler) =>
        settings with { Algorithm = sampler == LlcSampler.Nuts ? SamplerAlgorithm.Nuts : SamplerAlgorithm.Sgld };

    /// <summary>The localizations tried by <see cref="Calibrate"/>, as multiples of the given gamma.</summary>
    public static IReadOnlyList<double> LocalizationGrid { get; } = [1, 0.25, 0.0625];

    // Two estimates agree when both are ok and differ by at most 3 combined standard errors plus 10% of the second.
    private static bool Agree(CheckedEstimate a, CheckedEstimate b)
    {
        var noise = Math.Sqrt((a.StandardError * a.StandardError) + (b.StandardError * b.StandardError));
        return a.IsOk && b.IsOk && Math.Abs(a.Value - b.Value) <= (LearningCoefficientChecks.StandardErrors * noise) + (0.1 * Math.Abs(b.Value));
    }

    /// <summary>
    /// A trained network to localize at: the best of <paramref name="restarts"/> Adam runs on the posterior from prior draws
    /// (<see cref="MaximumAPosteriori"/>), then, up to <see cref="DensePreconditionerLimit"/> parameters, damped Newton
    /// steps (Levenberg-Marquardt) on n L_n alone until its gradient vanishes. The LLC measures the loss's growth around a
    /// minimum of L_n; from a point where the loss still falls, SGLD slides downhill and the estimate comes out low or negative.
    /// </summary>
    /// <param name="model">The model and data.</param>
    /// <param name="seed">Seed of the prior draws.</param>
    /// <param name="restarts">Adam restarts, Range: at least 1.</param>
    /// <param name="steps">Adam steps per restart.</param>
    public static double[] TrainCenter(ITemperedModel model, long seed, int restarts = 4, int steps = 3000)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (point, _) = MaximumAPosteriori.Fit(model, restarts, steps, seed);
        return model.Dimension <= DensePreconditionerLimit ? Polish(model, point) : point;
    }

    // Levenberg-Marquardt on n L_n: solve (H + mu I) delta = -g, keep the step when the loss falls.
    private static double[] Polish(ITemperedModel model, double[] point, int iterations = 50)
    {
        var d = point.Length;
        var evaluator = model.CreateEvaluator();
        var gradient = new double[d];
        var priorGradient = new double[d];
        var trial = new double[d];
        var loss = evaluator.NegLogLikelihood(point);
        var damping = 1e-3;
        for (var t = 0; t < iterations; t++)
        {
            evaluator.Evaluate(point, 1, gradient);
            model.Prior.LogDensity(point, priorGradient);
            System.Numerics.Tensors.TensorPrimitives.Subtract(priorGradient, gradient, gradient); // grad n L_n
            var hessian = new LocalCurvature(model, point, 1, 0).Matrix();
            var scale = Enumerable.Range(0, d).Max(i => Math.Abs(hessian[(i * d) + i]));
            for (var attempt = 0; attempt < 20; attempt++)
            {
                var damped = (double[])hessian.Clone();
                for (var i = 0; i < d; i++)
                {
                    damped[(i * d) + i] += damping * Math.Max(scale, 1e-12);
                }

                double[] step;
                try
                {
                    step = new Numerics.Cholesky(damped, d).Solve(gradient);
                }
                catch (ArgumentException)
                {
                    damping *= 10;
                    continue;
                }

                for (var i = 0; i < d; i++)
                {
                    trial[i] = point[i] - step[i];
                }

                var next = evaluator.NegLogLikelihood(trial);
                if (next < loss)
                {
                    var converged = loss - next < 1e-10 * Math.Max(1, Math.Abs(loss));
                    trial.CopyTo(point, 0);
                    loss = next;
                    damping = Math.Max(damping / 10, 1e-12);
                    if (converged)
                    {
                        return point;
                    }

                    break;
                }

                damping *= 10;
            }
        }

        return point;
    }

    /// <summary>Models up to this many parameters get the full inverse Hessian as SGLD preconditioner, larger ones its diagonal.</summary>
    public const int DensePreconditionerLimit = 2000;

    /// <summary>
    /// G = H^-1 for the localized Hessian H at w0: the full matrix up to <see cref="DensePreconditionerLimit"/> parameters
    /// (2d gradients and a Cholesky factorization), else its diagonal by Hutchinson's estimator (40 gradients).
    /// </summary>
    public static SgldPreconditioner? Preconditioner(LocalCurvature curvature, int dimension, double localization, LlcPreconditioning kind)
    {
        ArgumentNullException.ThrowIfNull(curvature);
        if (kind == LlcPreconditioning.Automatic)
        {
            kind = dimension <= DensePreconditionerLimit ? LlcPreconditioning.Dense : LlcPreconditioning.Diagonal;
        }

        return kind switch
        {
            LlcPreconditioning.None => null,
            LlcPreconditioning.Adaptive => SgldPreconditioner.Diagonal([.. Enumerable.Repeat(1 / curvature.TopEigenvalue(null), dimension)]),
            LlcPreconditioning.Dense => SgldPreconditioner.FromCurvature(curvature.Matrix(), dimension, Math.Max(localization, 1e-8)),
            _ => SgldPreconditioner.Diagonal([.. curvature.Diagonal().Select(h => 1 / h)]),
        };
    }

    // A plain SGLD run whose moves a Metropolis step would accept too rarely is repeated at half the step, at most three
    // times: a full run reaches farther than the grid's short one did, where the loss can be stiffer (not when the step is
    // judged against twice itself instead). Then a run whose only fault is convergence (too few effective draws, or chains
    // that disagree) is repeated with four times the draws, at most twice.
    private static LlcEstimate Lengthened(ITemperedModel model, double[] center, SamplerSettings settings, double beta, double curvature, double? bound,
        CancellationToken cancellation, bool stepJudgedByDoubling = false)
    {
        var (estimate, unconverged) = Run(model, center, settings, beta, curvature, bound, stepJudgedByDoubling: stepJudgedByDoubling);
        for (var k = 0; k < 3 && !stepJudgedByDoubling && settings.Algorithm == SamplerAlgorithm.Sgld && !settings.SgldMetropolisAdjusted && estimate.Acceptance < MinimumAcceptance; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            settings = settings with { StepSize = settings.StepSize / 2 };
            (estimate, unconverged) = Run(model, center, settings, beta, curvature, bound);
        }

        for (var k = 0; k < 2 && unconverged; k++)
        {
            cancellation.ThrowIfCancellationRequested();
            settings = settings with { Draws = 4 * settings.Draws };
            (estimate, unconverged) = Run(model, center, settings, beta, curvature, bound, stepJudgedByDoubling: stepJudgedByDoubling);
        }

        return estimate;
    }

    // A short run of the grid is judged without the convergence rule: too few effective draws is what makes it short.
    private static (LlcEstimate Estimate, bool OnlyUnconverged) Run(ITemperedModel model, double[] center, SamplerSettings settings, double beta, double curvature,
        double? bound, bool shortRun = false, bool stepJudgedByDoubling = false)
    {
        if (!(settings.Localization > 0))
        {
            throw new InvalidInputException("the local learning coefficient needs a localization strength gamma > 0");
        }

        // NUTS samples the same target, exp(-gamma |w - w0|^2 / 2 - beta n L_n(w)), as the tempered posterior under the prior
        // N(w0, I / gamma); SGLD adds the localization to its drift and leaves the prior out. Either way only n L_n enters
        // the estimate, so memory stays O(d) at any length.
        var exact = settings.Algorithm == SamplerAlgorithm.Nuts;
        var run = exact
            ? SamplingService.Run(model.WithPrior(new GaussianPrior(1 / Math.Sqrt(settings.Localization), center)), settings with
            {
                Beta = beta,
                Initialization = InitializationMode.Point,
                InitialPoint = center,
                InitialPoints = null,
                SaveParameters = false,
            })
            : SamplingService.Run(model, settings with
            {
                Beta = beta,
                Center = center,
                SgldIncludesPrior = false,
                Initialization = InitializationMode.Point,
                InitialPoint = center,
                InitialPoints = settings.SgldPreconditioner is { } g && !settings.SgldAdaptPreconditioner ? Starts(center, g, settings.Chains, settings.Seed) : null,
                SaveParameters = false,
            });
        var atCenter = model.CreateEvaluator().NegLogLikelihood(center);
        // The chains start at w0, the bottom of the loss, and climb to equilibrium; what is left of the climb after warm-up
        // would pull the mean down and, as a trend, the effective draws with it (MSER-5 finds it).
        var all = PosteriorExpectation.NegLogLikelihoodDraws(run.Chains);
        var transient = TransientTruncation.Draws(all);
        var draws = all.Select(c => c[transient..]).ToArray();
        var mean = PosteriorExpectation.Mean(draws);
        var estimate = new Estimate(beta * (mean.Value - atCenter), beta * mean.StandardError);
        var reasons = new List<string>();
        var acceptance = run.Chains.SelectMany(c => c.Draws.Column("accept_stat__")).Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        var rejected = run.Chains.Sum(c => (int)c.Draws.Column("divergent__").Sum());
        if (exact)
        {
            var total = settings.Chains * settings.Draws;
            if (rejected > MaximumDivergentFraction * total)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{rejected} of {total} NUTS transitions diverged ({100.0 * rejected / total:0.#}%, above {100 * MaximumDivergentFraction:0.#}%): the draws miss parts of the localized posterior the integrator cannot follow; raise the target acceptance"));
            }
        }
        else
        {
            reasons.AddRange(SgldChecks(settings, curvature, rejected, draws, acceptance, judgeAcceptance: !stepJudgedByDoubling));
        }

        // A trace still climbing after the cut is what a longer run cures (the chains start at the bottom of the loss); one
        // that falls (w0 not a minimum) is not. Short runs are judged without the convergence rule, so the trend counts there.
        var (trend, climbing) = Settled(draws, beta, estimate.Value);
        var convergence = shortRun ? [] : ConvergenceRule.Check(exact ? "the NUTS loss" : "the SGLD loss", draws);
        if (trend is not null && climbing && !shortRun)
        {
            convergence = [.. convergence, trend];
        }
        else if (trend is not null)
        {
            reasons.Add(trend);
        }

        // Too few effective draws, or chains that disagree while nothing else is wrong: both are what a longer run cures
        // when the chains mix slowly (chains in different basins stay apart, and the run keeps its verdict).
        var onlyUnconverged = reasons.Count == 0 && convergence.Count > 0;
        reasons.AddRange(convergence);
        var step = exact ? run.Chains.Average(c => c.StepSize) : settings.StepSize;
        var judged = CheckedEstimate.Judge(estimate, [.. reasons, .. LearningCoefficientChecks.Plausible(estimate, model.Dimension, bound)]);
        return (new LlcEstimate(judged, run, step, settings.Localization, atCenter, acceptance) { TransientDraws = transient, SamplingReasons = reasons }, onlyUnconverged);
    }

    /// <summary>Share of divergent NUTS transitions above which an exact local learning coefficient is unreliable.</summary>
    public const double MaximumDivergentFraction = 0.01;

    // SGLD's own failures: a step outside Langevin's stable range, non-finite losses, and a discretisation error that a
    // Metropolis-adjusted step would reject (the moves' mean acceptance; with minibatches from the periodic full-batch checks),
    // unless the step is judged by comparing it with twice itself instead.
    private static IEnumerable<string> SgldChecks(SamplerSettings settings, double curvature, int rejected, double[][] draws, double acceptance, bool judgeAcceptance)
    {
        var reasons = new List<string>();
        var stepCurvature = settings.StepSize * curvature;
        if (stepCurvature > MaximumStepCurvature * 1.0001)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"step size {settings.StepSize:G3} is outside SGLD's stable range: times the top curvature {curvature:G3} of the localized loss it is {stepCurvature:G3} (at most {MaximumStepCurvature} keeps SGLD's own bias small, 4 diverges); use a step of at most {MaximumStepCurvature / curvature:G3} or calibrate"));
        }

        if (rejected > 0 || draws.Any(c => c.Any(x => !double.IsFinite(x))))
        {
            reasons.Add($"{rejected} SGLD steps produced a non-finite loss: the step size is too large");
        }

        if (settings.SgldMetropolisAdjusted)
        {
            if (acceptance < MinimumAdjustedAcceptance)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture,
                    $"the Metropolis test accepts only {acceptance:0.00} of the moves (at least {MinimumAdjustedAcceptance} wanted): the step is too large for the chains to move"));
            }
        }
        else if (judgeAcceptance && acceptance < MinimumAcceptance)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"SGLD's discretisation error is large: a Metropolis-adjusted step would accept only {acceptance:0.00} of its moves on average (at least {MinimumAcceptance} wanted); use a smaller step"));
        }

        return reasons;
    }

    // With a preconditioner G = H^-1 the chains start from the Laplace approximation N(w0, G) of the localized posterior,
    // near its equilibrium, instead of at the bottom of the loss, where a chain with a small step would spend its whole
    // run climbing and report too low a value.
    private static double[][] Starts(double[] center, SgldPreconditioner preconditioner, int chains, long seed)
    {
        var starts = new double[chains][];
        for (var c = 0; c < chains; c++)
        {
            var offset = new double[center.Length];
            preconditioner.Sample(new Numerics.RandomStream(seed, 0x57A27 + c), offset);
            starts[c] = [.. center.Select((w, i) => w + offset[i])];
        }

        return starts;
    }

    // A settled trace has the same mean loss in its first and last thirds (after the climb MSER-5 found); one still growing
    // has not reached equilibrium, and a falling one (too large a step, or w0 not a minimum so the chain slides away) never will.
    private static (string? Reason, bool Growing) Settled(double[][] draws, double beta, double lambda)
    {
        var third = draws[0].Length / 3;
        if (third < 10)
        {
            return (null, false);
        }

        var first = PosteriorExpectation.Mean([.. draws.Select(c => c[..third])]);
        var last = PosteriorExpectation.Mean([.. draws.Select(c => c[^third..])]);
        var noise = Math.Sqrt((first.StandardError * first.StandardError) + (last.StandardError * last.StandardError));
        // On the lambda scale (beta n L_n) a drift of a few percent of the estimate is below what matters.
        var change = beta * Math.Abs(last.Value - first.Value);
        if (!(Math.Abs(last.Value - first.Value) > LearningCoefficientChecks.StandardErrors * noise && change > TraceAllowance * Math.Max(1, Math.Abs(lambda))))
        {
            return (null, false);
        }

        var growing = last.Value > first.Value;
        return (growing
            ? string.Create(CultureInfo.InvariantCulture, $"the loss trace has not settled: mean n L_n grew from {first.Value:0.##} to {last.Value:0.##} between the first and last third of the draws kept after the climb MSER-5 left out: the chains are still climbing from w0; run longer")
            : string.Create(CultureInfo.InvariantCulture, $"the loss trace has not settled: mean n L_n fell from {first.Value:0.##} to {last.Value:0.##} between the first and last third of the draws: w0 is not a minimum of the loss (train it further) or the step is too large"), growing);
    }
}
