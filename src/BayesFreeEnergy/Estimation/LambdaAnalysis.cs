using System.Globalization;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Every learning-coefficient estimate of one model and data set in one call (what <c>bfe lambda</c> and the ground-truth
/// suite run): NUTS at beta1 = c1/log n, beta2 = c2/log n and 1 for WBIC, the two-temperature and the variance estimators
/// with their single-phase check; then the calibrated local learning coefficient at a trained (or given) network, judged
/// against the tempered posterior as well.
/// </summary>
public static class LambdaAnalysis
{
    /// <summary>Runs the estimators <paramref name="options"/> asks for.</summary>
    /// <param name="model">The model and data.</param>
    /// <param name="settings">NUTS settings for the tempered runs (chains, warm-up, draws, seed); the LLC's SGLD takes its
    /// chains and seed from them.</param>
    /// <param name="options">Which estimators and how.</param>
    /// <param name="bound">A proven upper bound on lambda (lambda_ReLU), or null.</param>
    /// <param name="sample">Runs the sampler for given settings (a front end's hook for progress); default
    /// <see cref="SamplingService.Run"/>.</param>
    /// <param name="cancellation">Stops the runs.</param>
    /// <exception cref="ArgumentException">Temperatures outside (0, 1] or equal, or neither estimator asked for.</exception>
    public static LambdaResult Run(ITemperedModel model, SamplerSettings settings, LambdaOptions options, double? bound = null,
        Func<SamplerSettings, SamplingResult>? sample = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        var wbicBeta = LearningCoefficientEstimators.WbicBeta(model.DataCount);
        var (beta1, beta2) = (options.C1 * wbicBeta, options.C2 * wbicBeta);
        if (!(beta1 > 0 && beta1 <= 1 && beta2 > 0 && beta2 <= 1) || beta1 == beta2)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"c1 and c2 must give two different temperatures in (0, 1]; got beta1 = {beta1:G3}, beta2 = {beta2:G3}"), nameof(options));
        }

        if (!options.Tempered && !options.Local)
        {
            throw new InvalidInputException("ask for the tempered estimators, the local learning coefficient, or both", nameof(options));
        }

        options.Validate();

        // The SGLD settings are checked before the tempered runs, so a bad one stops the call before minutes of sampling.
        var sgld = LlcSettings(settings, options);
        if (options.Local)
        {
            sgld.Validate(model.Dimension, model.DataCount);
        }

        sample ??= s => SamplingService.Run(model, s, cancellation: cancellation);
        IReadOnlyList<ChainResult>? atBeta1 = null, posterior = null;
        TemperedLambdaEstimates? tempered = null;
        if (options.Tempered)
        {
            atBeta1 = sample(settings with { Beta = beta1 }).Chains;
            var atBeta2 = sample(settings with { Beta = beta2 }).Chains;

            // Draws at beta = 1 let the single-phase check see a posterior that sits in a simpler phase at 1/log n.
            posterior = beta1 < 1 && beta2 < 1 ? sample(settings with { Beta = 1 }).Chains : null;
            tempered = TemperedLambdaEstimates.Compute(atBeta1, beta1, atBeta2, beta2, model.Dimension, bound, posterior);
        }

        LlcEstimate? llc = null;
        LlcCalibration? calibration = null;
        if (options.Local)
        {
            cancellation.ThrowIfCancellationRequested();
            double[] center = options.Center is { } given ? [.. given] : LocalLearningCoefficient.TrainCenter(model, settings.Seed);
            if (options.LlcStepSize is null)
            {
                calibration = LocalLearningCoefficient.Calibrate(model, center, sgld, bound, precondition: options.Preconditioner, cancellation: cancellation, sampler: options.LlcSampler);
                llc = calibration.Final;
            }
            else
            {
                llc = LocalLearningCoefficient.Estimate(model, center, sgld, bound, options.LlcSampler, options.Preconditioner);
            }

            if (tempered is not null)
            {
                llc = llc with { Lambda = tempered.JudgeLocal(llc.Lambda, beta1) };
            }
        }

        return new LambdaResult(beta1, beta2, atBeta1, posterior, tempered, llc, calibration);
    }

    /// <summary>
    /// The settings the LLC's SGLD runs with: <paramref name="settings"/>' chains and seed, the options' step (a
    /// placeholder the calibration replaces when it is null), localization, batch size and draws, a quarter of the draws
    /// as warm-up at most, and no per-datum log-likelihoods.
    /// </summary>
    public static SamplerSettings LlcSettings(SamplerSettings settings, LambdaOptions options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        return settings with
        {
            StepSize = options.LlcStepSize ?? 1e-6,
            Localization = options.Gamma,
            BatchSize = options.LlcBatchSize,
            Draws = options.LlcDraws,
            Warmup = Math.Min(settings.Warmup, options.LlcDraws / 4),
            SaveLogLikelihood = false,
        };
    }
}

/// <summary>What <see cref="LambdaAnalysis.Run"/> computes and how.</summary>
/// <param name="C1">beta1 = c1 / log n (WBIC's is 1).</param>
/// <param name="C2">beta2 = c2 / log n for the two-temperature estimator.</param>
/// <param name="Tempered">Run the tempered estimators (NUTS at beta1, beta2 and 1).</param>
/// <param name="Local">Run the local learning coefficient.</param>
/// <param name="Center">The LLC's centre w0; null: trained (<see cref="LocalLearningCoefficient.TrainCenter"/>).</param>
/// <param name="Gamma">The strongest localization gamma the calibration tries (then gamma/4 and gamma/16), Range: &gt; 0.</param>
/// <param name="LlcStepSize">A fixed SGLD step instead of the calibration, or null.</param>
/// <param name="LlcBatchSize">SGLD minibatch size (0: all data, with a Metropolis test).</param>
/// <param name="LlcDraws">SGLD draws per chain of the final run.</param>
/// <param name="Preconditioner">The SGLD preconditioner.</param>
/// <param name="LlcSampler">SGLD, or NUTS on the same localized target (exact, full batch; step, batch size and preconditioner do not apply).</param>
public sealed record LambdaOptions(double C1 = 1, double C2 = 1.5, bool Tempered = true, bool Local = true, IReadOnlyList<double>? Center = null,
    double Gamma = 100, double? LlcStepSize = null, int LlcBatchSize = 0, int LlcDraws = 2000, LlcPreconditioning Preconditioner = LlcPreconditioning.Automatic,
    LlcSampler LlcSampler = LlcSampler.Sgld)
{
    /// <summary>Refuses options that cannot go together (the parameter name says which).</summary>
    /// <exception cref="InvalidInputException">NUTS with an SGLD step size or minibatch.</exception>
    public void Validate()
    {
        if (LlcSampler == LlcSampler.Nuts && (LlcStepSize is not null || LlcBatchSize != 0))
        {
            throw new InvalidInputException("the exact local learning coefficient (NUTS) uses the full batch and adapts its own step: leave the step size and batch size unset",
                LlcStepSize is not null ? nameof(LlcStepSize) : nameof(LlcBatchSize));
        }
    }
}

/// <summary>The estimates of <see cref="LambdaAnalysis.Run"/>.</summary>
/// <param name="Beta1">c1 / log n.</param>
/// <param name="Beta2">c2 / log n.</param>
/// <param name="AtBeta1">The draws at beta1 (null without the tempered estimators).</param>
/// <param name="Posterior">The draws at beta = 1 (null without the tempered estimators or when beta1 or beta2 is 1).</param>
/// <param name="Tempered">WBIC, the two-temperature and the variance estimators with their verdicts.</param>
/// <param name="Llc">The local learning coefficient, judged also against the tempered posterior when there is one.</param>
/// <param name="Calibration">The calibration grid (null with a fixed step).</param>
public sealed record LambdaResult(double Beta1, double Beta2, IReadOnlyList<ChainResult>? AtBeta1, IReadOnlyList<ChainResult>? Posterior,
    TemperedLambdaEstimates? Tempered, LlcEstimate? Llc, LlcCalibration? Calibration);
