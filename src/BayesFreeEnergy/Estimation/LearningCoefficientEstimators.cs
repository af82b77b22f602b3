using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>Estimators of the learning coefficient lambda and of WBIC from tempered posterior draws (docs/theory.md section 3).</summary>
public static class LearningCoefficientEstimators
{
    /// <summary>The WBIC temperature 1 / log n.</summary>
    public static double WbicBeta(int n) => n > 1 ? 1 / Math.Log(n) : throw new InvalidInputException($"WBIC and the learning-coefficient estimators need at least 2 data points, got {n}", nameof(n));

    /// <summary>WBIC = E_{beta_w}[n L_n(w)] from draws at beta_w = 1 / log n (Watanabe 2013).</summary>
    public static Estimate Wbic(IReadOnlyList<ChainResult> chainsAtWbicBeta) => PosteriorExpectation.NegLogLikelihood(chainsAtWbicBeta);

    /// <summary>
    /// One-temperature estimator lambda = beta^2 Var_beta[n L_n(w)] (docs/theory.md section 3, item 2), from draws at
    /// <paramref name="beta"/> (normally 1 / log n).
    /// </summary>
    public static Estimate FromVariance(IReadOnlyList<ChainResult> chains, double beta)
    {
        var variance = PosteriorExpectation.NegLogLikelihoodVariance(chains);
        return new Estimate(beta * beta * variance.Value, beta * beta * variance.StandardError);
    }

    /// <summary>
    /// Two-temperature estimator lambda = (E_{beta1}[n L_n] - E_{beta2}[n L_n]) / (1/beta1 - 1/beta2) (Watanabe 2013).
    /// </summary>
    public static Estimate FromTwoTemperatures(IReadOnlyList<ChainResult> chains1, double beta1, IReadOnlyList<ChainResult> chains2, double beta2)
    {
        if (beta1 == beta2)
        {
            throw new ArgumentException("the two temperatures must differ");
        }

        var e1 = PosteriorExpectation.NegLogLikelihood(chains1);
        var e2 = PosteriorExpectation.NegLogLikelihood(chains2);
        var denominator = (1 / beta1) - (1 / beta2);
        return new Estimate((e1.Value - e2.Value) / denominator,
            Math.Sqrt((e1.StandardError * e1.StandardError) + (e2.StandardError * e2.StandardError)) / Math.Abs(denominator));
    }
}
