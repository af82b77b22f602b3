namespace BayesFreeEnergy.Sampling;

/// <summary>One finished chain: its draws and what adaptation and timing produced.</summary>
/// <param name="Chain">1-based chain id.</param>
/// <param name="Beta">Inverse temperature sampled.</param>
/// <param name="Draws">The saved draws.</param>
/// <param name="StepSize">Step size after warm-up.</param>
/// <param name="InverseMetric">Diagonal inverse metric after warm-up.</param>
/// <param name="WarmupSeconds">Wall time of warm-up.</param>
/// <param name="SamplingSeconds">Wall time of sampling.</param>
/// <param name="WarmupLeapfrogSteps">Gradient evaluations of the warm-up transitions (those after it are in the draws).</param>
public sealed record ChainResult(int Chain, double Beta, DrawTable Draws, double StepSize, IReadOnlyList<double> InverseMetric,
    double WarmupSeconds, double SamplingSeconds, long WarmupLeapfrogSteps = 0)
{
    /// <summary>Stan's per-draw sampler columns, in CmdStan's order.</summary>
    public static readonly IReadOnlyList<string> SamplerColumns =
        ["lp__", "accept_stat__", "stepsize__", "treedepth__", "n_leapfrog__", "divergent__", "energy__"];

    /// <summary>Column of n L_n(w) per draw.</summary>
    public const string NegLogLikelihoodColumn = "nLn";

    /// <summary>Name of parameter i (0-based) in draws files: w.1, w.2, ...</summary>
    public static string ParameterColumn(int i) => $"w.{i + 1}";

    /// <summary>Name of the log-likelihood of data point i (0-based): log_lik.1, ...</summary>
    public static string LogLikelihoodColumn(int i) => $"log_lik.{i + 1}";
}
