using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Core;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// The point estimate Bayesian averaging is compared with: the MAP of the posterior (log prior - n L_n) by Adam from
/// several prior draws, keeping the restart with the highest log posterior.
/// </summary>
public static class MaximumAPosteriori
{
    /// <summary>Fits <paramref name="model"/> from <paramref name="restarts"/> prior draws of <paramref name="seed"/>.</summary>
    /// <returns>The best point and its log posterior (up to the normalizing constant).</returns>
    public static (double[] Point, double LogPosterior) Fit(ITemperedModel model, int restarts, int steps, long seed, double learningRate = 0.01)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(restarts, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var target = new TemperedTarget(model.CreateEvaluator(), 1);
        var best = (Point: Array.Empty<double>(), LogPosterior: double.NegativeInfinity);
        for (var r = 0; r < restarts; r++)
        {
            var point = new double[model.Dimension];
            model.Prior.Sample(new RandomStream(seed, stream: 0x3A90 + r), point);
            var logPosterior = ModeFinder.Ascend(target, point, steps, learningRate);
            if (logPosterior > best.LogPosterior || best.Point.Length == 0)
            {
                best = (point, logPosterior);
            }
        }

        return best;
    }
}
