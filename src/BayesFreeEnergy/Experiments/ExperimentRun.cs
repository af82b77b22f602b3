using System.Globalization;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Experiments;

/// <summary>One cell of a sweep: a model fitted to the data set of one sample size and seed.</summary>
/// <param name="Model">The model.</param>
/// <param name="N">Sample size.</param>
/// <param name="Seed">Data seed (also the sampler's seed).</param>
public sealed record ExperimentRun(Architecture Model, int N, long Seed)
{
    /// <summary>A name unique within the sweep, safe as a file name: <c>1-6-6-1_n200_s1</c>.</summary>
    public string Id => string.Create(CultureInfo.InvariantCulture, $"{Model}_n{N}_s{Seed}");

    /// <summary>A rough cost in gradient-evaluation units (d times n) for scheduling and the ETA.</summary>
    public double Cost => (double)Model.ParameterCount * N;
}
