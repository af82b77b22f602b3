using System.Diagnostics;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Validation;

/// <summary>
/// Runs every lambda estimator on one case of the ground-truth suite, exactly as a user would with <c>bfe data --seed</c>
/// and <c>bfe lambda</c> (<see cref="LambdaAnalysis"/>): NUTS at 1/log n and 1.5/log n (two-temperature and variance
/// estimators), at beta = 1 (also n G_n against the teacher on fresh test points), and the calibrated LLC at a trained
/// network.
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
        var lambdas = LambdaAnalysis.Run(model, settings with { Seed = seed }, new LambdaOptions(LlcDraws: llcDraws), bound, cancellation: cancellation);
        var posterior = lambdas.Posterior!;
        var g = GeneralizationError.Compute(posterior, groundTruth.Model, teacher, groundTruth.Noise, testPoints, FreeEnergyAnalysis.TestSeed(seed));
        var ng = new Estimate(n * g.Value, n * g.StandardError);
        var ngJudged = CheckedEstimate.Judge(ng, [.. LearningCoefficientChecks.Convergence(posterior, 1), .. LearningCoefficientChecks.Plausible(ng, model.Dimension, bound)]);
        return new GroundTruthRun(groundTruth.Name, n, seed, lambda, groundTruth.Exact, new Dictionary<GroundTruthEstimator, CheckedEstimate>
        {
            [GroundTruthEstimator.TwoTemperatures] = lambdas.Tempered!.TwoTemperatures,
            [GroundTruthEstimator.Variance] = lambdas.Tempered.Variance,
            [GroundTruthEstimator.Llc] = lambdas.Llc!.Lambda,
            [GroundTruthEstimator.ScaledGeneralizationError] = ngJudged,
        }, clock.Elapsed.TotalSeconds);
    }
}
