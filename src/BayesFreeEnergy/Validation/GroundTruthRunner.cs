using System.Diagnostics;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Validation;

/// <summary>
/// Runs every lambda estimator on one case of the ground-truth suite, exactly as a user would with <c>bfe data --seed</c>
/// and <c>bfe lambda</c>: NUTS at 1/log n and 1.5/log n (two-temperature and variance estimators), at beta = 1 (n G_n
/// against the teacher on fresh test points), and the calibrated LLC at a trained network.
/// </summary>
public static class GroundTruthRunner
{
    /// <summary>Runs <paramref name="groundTruth"/> at sample size <paramref name="n"/> with data seed <paramref name="seed"/>.</summary>
    /// <param name="groundTruth">The case.</param>
    /// <param name="n">Sample size, Range: at least 10.</param>
    /// <param name="seed">Data seed (ReLU teachers are drawn from it too).</param>
    /// <param name="settings">NUTS settings (chains, warm-up, draws); beta and seed are set here.</param>
    /// <param name="llcDraws">SGLD draws per chain of the LLC's final run.</param>
    /// <param name="testPoints">Fresh test points for G_n.</param>
    /// <param name="cancellation">Stops the run.</param>
    public static GroundTruthRun Run(GroundTruthCase groundTruth, int n, long seed, SamplerSettings settings, int llcDraws = 2000, int testPoints = 2000,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 10);
        var clock = Stopwatch.StartNew();
        var teacher = groundTruth.Teacher(seed);
        var data = TeacherFactory.GenerateData(teacher, n, groundTruth.Noise, seed);
        var model = new GaussianRegressionModel(groundTruth.Model, data, groundTruth.Noise, new GaussianPrior(1));
        var lambda = groundTruth.Lambda(seed);
        var bound = groundTruth.Suite == "relu" ? lambda : (double?)null;
        var beta = LearningCoefficientEstimators.WbicBeta(n);
        SamplingResult Sample(double b) => SamplingService.Run(model, settings with { Beta = b, Seed = seed }, cancellation: cancellation);
        var at1 = Sample(beta).Chains;
        var at2 = Sample(1.5 * beta).Chains;
        var posterior = Sample(1).Chains;
        var tempered = TemperedLambdaEstimates.Compute(at1, beta, at2, 1.5 * beta, model.Dimension, bound, posterior);

        var g = GeneralizationError.Compute(posterior, groundTruth.Model, teacher, groundTruth.Noise, testPoints, FreeEnergyAnalysis.TestSeed(seed));
        var ng = new Estimate(n * g.Value, n * g.StandardError);
        var ngJudged = CheckedEstimate.Judge(ng, [.. LearningCoefficientChecks.Convergence(posterior, 1), .. LearningCoefficientChecks.Plausible(ng, model.Dimension, bound)]);

        cancellation.ThrowIfCancellationRequested();
        var center = LocalLearningCoefficient.TrainCenter(model, seed);
        var sgld = settings with { Seed = seed, Warmup = Math.Min(settings.Warmup, llcDraws / 4), Draws = llcDraws, Localization = 100 };
        var llc = tempered.JudgeLocal(LocalLearningCoefficient.Calibrate(model, center, sgld, bound, cancellation: cancellation).Final.Lambda, beta);
        return new GroundTruthRun(groundTruth.Name, n, seed, lambda, groundTruth.Exact, new Dictionary<GroundTruthEstimator, CheckedEstimate>
        {
            [GroundTruthEstimator.TwoTemperatures] = tempered.TwoTemperatures,
            [GroundTruthEstimator.Variance] = tempered.Variance,
            [GroundTruthEstimator.Llc] = llc,
            [GroundTruthEstimator.ScaledGeneralizationError] = ngJudged,
        }, clock.Elapsed.TotalSeconds);
    }
}
