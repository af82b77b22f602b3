namespace BayesFreeEnergy.Variational;

/// <summary>Settings of <see cref="VariationalInference.Fit"/>.</summary>
public sealed record VariationalSettings
{
    /// <summary>The Gaussian family.</summary>
    public VariationalFamily Family { get; init; } = VariationalFamily.MeanField;

    /// <summary>Inverse temperature of the target phi(w) exp(-beta n L_n(w)), Range: (0, 1].</summary>
    public double Beta { get; init; } = 1;

    /// <summary>Most optimization steps, Range: at least <see cref="EvaluationInterval"/>.</summary>
    public int MaxIterations { get; init; } = 20000;

    /// <summary>
    /// Fewest optimization steps before the stopping rule is consulted, Range: 0..<see cref="MaxIterations"/>: near the
    /// optimum the ELBO improves by less per window than its evaluation noise long before it stops improving.
    /// </summary>
    public int MinIterations { get; init; } = 10000;

    /// <summary>Adam's initial step size, Range: &gt; 0; it decays like 1/sqrt(1 + t/1000).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Draws per gradient (Stan's grad_samples), Range: at least 1.</summary>
    public int GradientSamples { get; init; } = 1;

    /// <summary>Steps between ELBO evaluations (Stan's eval_elbo), Range: at least 1.</summary>
    public int EvaluationInterval { get; init; } = 200;

    /// <summary>Draws per ELBO evaluation during the optimization (Stan's elbo_samples), Range: at least 10.</summary>
    public int EvaluationSamples { get; init; } = 100;

    /// <summary>Evaluations compared by the stopping rule: the last W against the W before, Range: at least 2.</summary>
    public int Window { get; init; } = 5;

    /// <summary>Draws of the final ELBO estimate (and of the draws returned), Range: at least 100.</summary>
    public int FinalSamples { get; init; } = 4000;

    /// <summary>Starting log standard deviation of every coordinate.</summary>
    public double InitialLogScale { get; init; } = -4.6; // sd 0.01: far below a typical posterior's, so the first steps do not blow up the loss

    /// <summary>Adam steps of the MAP search that starts the mean (0: start at a prior draw).</summary>
    public int InitialOptimizationSteps { get; init; } = 2000;

    /// <summary>Seed of every random draw.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="InvalidInputException">A setting outside its range (ParamName: the setting's name).</exception>
    public void Validate()
    {
        Check(Beta > 0 && Beta <= 1, $"beta must lie in (0, 1], got {Beta}", nameof(Beta));
        Check(EvaluationInterval >= 1, "the evaluation interval must be at least 1", nameof(EvaluationInterval));
        Check(MaxIterations >= EvaluationInterval, $"the iterations must be at least the evaluation interval {EvaluationInterval}, got {MaxIterations}", nameof(MaxIterations));
        Check(MinIterations >= 0 && MinIterations <= MaxIterations, $"the minimum iterations must lie in 0..{MaxIterations}, got {MinIterations}", nameof(MinIterations));
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"the learning rate must be positive, got {LearningRate}", nameof(LearningRate));
        Check(GradientSamples >= 1, "gradient samples must be at least 1", nameof(GradientSamples));
        Check(EvaluationSamples >= 10, "ELBO samples must be at least 10", nameof(EvaluationSamples));
        Check(Window >= 2, "the window must be at least 2", nameof(Window));
        Check(FinalSamples >= 100, $"the final draws must be at least 100, got {FinalSamples}", nameof(FinalSamples));
        Check(double.IsFinite(InitialLogScale), "the initial log scale must be finite", nameof(InitialLogScale));
        Check(InitialOptimizationSteps >= 0, "the initial optimization steps must be non-negative", nameof(InitialOptimizationSteps));
    }

    private static void Check(bool condition, string message, string setting)
    {
        if (!condition)
        {
            throw new InvalidInputException(message, setting);
        }
    }
}
