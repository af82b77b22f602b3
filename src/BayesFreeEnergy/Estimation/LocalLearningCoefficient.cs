using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// The local learning coefficient of Lau, Furman, Wang, Murfet and Wei (2023), as devinterp estimates it (theory.md
/// section 3, item 5): SGLD on exp(-n beta L_n(w) - (gamma/2) |w - w0|^2) at beta = 1/log n without the prior, then
/// lambda(w0) = n beta (E[L_n(w)] - L_n(w0)) = beta (E[n L_n] - n L_n(w0)).
/// </summary>
public static class LocalLearningCoefficient
{
    /// <summary>Estimates lambda(w0) with its MCSE and returns the SGLD chains as a trace.</summary>
    /// <param name="model">The model and data.</param>
    /// <param name="center">w0, e.g. a trained network.</param>
    /// <param name="settings">SGLD settings (step size, batch size, localization gamma, chains, draws, seed); algorithm, beta, center and initialization are set here.</param>
    public static (Estimate Lambda, SamplingResult Trace) Estimate(ITemperedModel model, double[] center, SamplerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.Localization > 0))
        {
            throw new ArgumentException("the local learning coefficient needs a localization strength gamma > 0");
        }

        var beta = LearningCoefficientEstimators.WbicBeta(model.DataCount);
        var run = SamplingService.Run(model, settings with
        {
            Algorithm = SamplerAlgorithm.Sgld,
            Beta = beta,
            Center = center,
            SgldIncludesPrior = false,
            Initialization = InitializationMode.Point,
            InitialPoint = center,
        });
        var atCenter = model.CreateEvaluator().NegLogLikelihood(center);
        var mean = PosteriorExpectation.NegLogLikelihood(run.Chains);
        return (new Estimate(beta * (mean.Value - atCenter), beta * mean.StandardError), run);
    }
}
