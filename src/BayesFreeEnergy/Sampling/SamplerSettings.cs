namespace BayesFreeEnergy.Sampling;

/// <summary>Everything that determines a sampling run besides the model; with the seed it fixes the draws bit for bit (for a given thread count).</summary>
public sealed record SamplerSettings
{
    /// <summary>The kernel.</summary>
    public SamplerAlgorithm Algorithm { get; init; } = SamplerAlgorithm.Nuts;

    /// <summary>Number of independent chains.</summary>
    public int Chains { get; init; } = 4;

    /// <summary>Warm-up iterations per chain (adaptation; not saved).</summary>
    public int Warmup { get; init; } = 1000;

    /// <summary>Saved draws per chain.</summary>
    public int Draws { get; init; } = 1000;

    /// <summary>Run seed; chain c uses stream c of this seed.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Inverse temperature beta in [0, 1].</summary>
    public double Beta { get; init; } = 1;

    /// <summary>NUTS maximum tree depth; HMC takes at most 2^depth leapfrog steps per transition.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>Target acceptance statistic of step-size adaptation; null: 0.8 (NUTS, HMC) or 0.234 (random-walk Metropolis).</summary>
    public double? TargetAcceptance { get; init; }

    /// <summary>HMC integration time.</summary>
    public double IntegrationTime { get; init; } = 2 * Math.PI;

    /// <summary>Step size the adaptation starts from (Stan's default 1); for SGLD, the fixed step size.</summary>
    public double StepSize { get; init; } = 1;

    /// <summary>Whether warm-up estimates a diagonal metric (proposal variances for random-walk Metropolis).</summary>
    public bool AdaptMetric { get; init; } = true;

    /// <summary>SGLD minibatch size; 0 means the full data set.</summary>
    public int BatchSize { get; init; }

    /// <summary>SGLD localization strength gamma (0: none).</summary>
    public double Localization { get; init; }

    /// <summary>SGLD localization center w0; defaults to the initial point.</summary>
    public IReadOnlyList<double>? Center { get; init; }

    /// <summary>Whether SGLD's drift includes the prior (false for devinterp's localized posterior).</summary>
    public bool SgldIncludesPrior { get; init; } = true;

    /// <summary>
    /// SGLD's fixed preconditioner G (null: the identity), which leaves the stationary law unchanged and lets one step size
    /// serve directions of very different curvature (the local learning coefficient sets G from the curvature at w0).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Kernels.SgldPreconditioner? SgldPreconditioner { get; init; }

    /// <summary>
    /// Whether SGLD's moves pass a Metropolis test (MALA: Roberts and Tweedie 1996): exact for any step size, full batch
    /// only. The local learning coefficient uses it when it samples with the full batch.
    /// </summary>
    public bool SgldMetropolisAdjusted { get; init; }

    /// <summary>
    /// Whether SGLD learns a diagonal preconditioner (from <see cref="SgldPreconditioner"/>, or the identity): quickly in
    /// warm-up, then slowly through the draws (<see cref="Adaptation.FisherDiagonalAdaptation"/>); the step size is then in G's units.
    /// </summary>
    public bool SgldAdaptPreconditioner { get; init; }

    /// <summary>
    /// Whether SGLD carries each move's noise over into the next (Leimkuhler and Matthews 2013): at the same cost its
    /// stationary law is exact for Gaussian targets and off by O(eps^2) elsewhere, so a larger step keeps the same bias.
    /// Not with <see cref="SgldMetropolisAdjusted"/>.
    /// </summary>
    public bool SgldLeimkuhlerMatthews { get; init; }

    /// <summary>Where chains start.</summary>
    public InitializationMode Initialization { get; init; } = InitializationMode.Prior;

    /// <summary>The starting point for <see cref="InitializationMode.Point"/>.</summary>
    public IReadOnlyList<double>? InitialPoint { get; init; }

    /// <summary>One starting point per chain for <see cref="InitializationMode.Point"/>, in place of <see cref="InitialPoint"/>.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? InitialPoints { get; init; }

    /// <summary>Adam steps for <see cref="InitializationMode.Optimize"/>.</summary>
    public int OptimizationSteps { get; init; } = 300;

    /// <summary>Chains run at the same time; null: all of them (one thread per chain).</summary>
    public int? Threads { get; init; }

    /// <summary>Whether to record log p(y_i | x_i, w) for every data point and draw (for WAIC and LOO).</summary>
    public bool SaveLogLikelihood { get; init; }

    /// <summary>
    /// Whether to record the d parameters of every draw (the w.i columns). Off, a chain keeps only the sampler columns and
    /// n L_n, so its memory is O(d) whatever the number of draws: what the local learning coefficient of a large network
    /// needs.
    /// </summary>
    public bool SaveParameters { get; init; } = true;

    /// <summary>The target acceptance in force for <see cref="Algorithm"/>.</summary>
    public double EffectiveTargetAcceptance => TargetAcceptance ?? (Algorithm == SamplerAlgorithm.Rwm ? Kernels.RandomWalkMetropolisKernel.OptimalAcceptance : 0.8);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for the first setting that cannot work; its ParamName is the setting's
    /// property name (e.g. <c>Chains</c>).
    /// </summary>
    public void Validate(int dimension, int dataCount)
    {
        Check(Chains >= 1, "chains must be at least 1", nameof(Chains));
        Check(Warmup >= 0, "warm-up must be non-negative", nameof(Warmup));
        Check(Draws >= 1, "draws must be at least 1", nameof(Draws));
        Check(Beta >= 0 && Beta <= 1, $"beta must lie in [0, 1], got {Beta}", nameof(Beta));
        Check(MaxTreeDepth is >= 1 and <= 30, $"max tree depth must lie in 1..30, got {MaxTreeDepth}", nameof(MaxTreeDepth));
        Check(TargetAcceptance is null || (TargetAcceptance > 0 && TargetAcceptance < 1), "target acceptance must lie strictly between 0 and 1", nameof(TargetAcceptance));
        Check(IntegrationTime > 0 && double.IsFinite(IntegrationTime), "integration time must be positive", nameof(IntegrationTime));
        Check(StepSize > 0 && double.IsFinite(StepSize), "step size must be positive", nameof(StepSize));
        Check(BatchSize >= 0 && BatchSize <= dataCount, $"batch size must lie in 1..{dataCount} (0 for the full data)", nameof(BatchSize));
        Check(Localization >= 0 && double.IsFinite(Localization), "localization must be non-negative", nameof(Localization));
        Check(!SgldMetropolisAdjusted || BatchSize == 0 || BatchSize == dataCount, "a Metropolis-adjusted SGLD step needs the full batch", nameof(BatchSize));
        Check(Center is null || Center.Count == dimension, $"the localization center needs {dimension} values", nameof(Center));
        Check(SgldPreconditioner is null || SgldPreconditioner.Dimension == dimension, $"the SGLD preconditioner needs dimension {dimension}", nameof(SgldPreconditioner));
        Check(!(SgldMetropolisAdjusted && SgldLeimkuhlerMatthews), "a Metropolis-adjusted SGLD step cannot carry its noise over (Leimkuhler and Matthews)", nameof(SgldLeimkuhlerMatthews));
        Check(!SgldAdaptPreconditioner || SgldPreconditioner is not { IsDense: true }, "an adapted SGLD preconditioner is diagonal; start it from a diagonal one", nameof(SgldPreconditioner));
        Check(Initialization != InitializationMode.Point || InitialPoint?.Count == dimension || InitialPoints is not null, $"the initial point needs {dimension} values", nameof(InitialPoint));
        Check(InitialPoints is null || (InitialPoints.Count == Chains && InitialPoints.All(p => p.Count == dimension)), $"the initial points need one point of {dimension} values per chain", nameof(InitialPoints));
        Check(OptimizationSteps >= 0, "optimization steps must be non-negative", nameof(OptimizationSteps));
        Check(Threads is null or >= 1, "threads must be at least 1", nameof(Threads));
    }

    // The setting's name goes in ParamName, so a front end can name its own option for it.
    private static void Check(bool condition, string message, string setting)
    {
        if (!condition)
        {
            throw new InvalidInputException(message, setting);
        }
    }
}
