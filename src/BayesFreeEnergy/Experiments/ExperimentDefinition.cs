using System.Security.Cryptography;
using System.Text;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// A sweep: one teacher, several models, sample sizes and data seeds, and the sampler and estimator settings shared
/// by every run. Read it with <see cref="ExperimentFile"/>; docs/experiments.md documents the file format.
/// </summary>
public sealed record ExperimentDefinition
{
    /// <summary>A name for reports.</summary>
    public required string Name { get; init; }

    /// <summary>The teacher network that generates the data.</summary>
    public required Network Teacher { get; init; }

    /// <summary>Noise standard deviation s of teacher and models.</summary>
    public double Noise { get; init; } = 0.1;

    /// <summary>Standard deviation of the models' N(0, sd^2) prior.</summary>
    public double PriorSd { get; init; } = 1;

    /// <summary>The models, each able to represent the teacher.</summary>
    public required IReadOnlyList<Architecture> Models { get; init; }

    /// <summary>Sample sizes n.</summary>
    public required IReadOnlyList<int> SampleSizes { get; init; }

    /// <summary>Data seeds: one data set per seed and n (data sets of one seed are nested across n).</summary>
    public required IReadOnlyList<long> DataSeeds { get; init; }

    /// <summary>Chains per rung.</summary>
    public int Chains { get; init; } = 2;

    /// <summary>Warm-up iterations per chain.</summary>
    public int Warmup { get; init; } = 500;

    /// <summary>Saved draws per chain.</summary>
    public int Draws { get; init; } = 500;

    /// <summary>NUTS maximum tree depth.</summary>
    public int MaxTreeDepth { get; init; } = 10;

    /// <summary>NUTS target acceptance statistic.</summary>
    public double AdaptDelta { get; init; } = 0.8;

    /// <summary>Power-ladder rungs (the two WBIC temperatures are added).</summary>
    public int Rungs { get; init; } = 16;

    /// <summary>Power-ladder exponent.</summary>
    public double LadderPower { get; init; } = 5;

    /// <summary>Whether the ladder is tuned first to equalize swap rejection (<see cref="Sampling.AdaptiveLadder"/>).</summary>
    public bool AdaptiveLadder { get; init; }

    /// <summary>Iterations between replica swaps.</summary>
    public int SwapInterval { get; init; } = 1;

    /// <summary>Fresh test points for G_n.</summary>
    public int TestPoints { get; init; } = 5000;

    /// <summary>Restarts of the MAP fit compared with the Bayes predictive (0: no MAP fit).</summary>
    public int MapRestarts { get; init; } = 5;

    /// <summary>Adam steps per MAP restart.</summary>
    public int MapSteps { get; init; } = 2000;

    /// <summary>Every combination of model, sample size and data seed, in that nesting order.</summary>
    public IReadOnlyList<ExperimentRun> Runs() =>
        [.. Models.SelectMany(m => SampleSizes.SelectMany(n => DataSeeds.Select(seed => new ExperimentRun(m, n, seed))))];

    /// <summary>SHA-256 of the canonical file (<see cref="ExperimentFile.ToJson"/>): equal exactly when every setting and teacher weight is.</summary>
    public string Hash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ExperimentFile.ToJson(this))));
}
