using System.Globalization;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Diagnostics;

/// <summary>
/// Everything a run summary reports about convergence: per-chain sampler diagnostics, a posterior summary per
/// quantity (lp__, n L_n and every parameter) and the warnings a careful user of Stan would want to see.
/// </summary>
/// <param name="Chains">Per-chain diagnostics.</param>
/// <param name="Variables">Posterior summaries, lp__ and nLn first.</param>
/// <param name="Warnings">Human-readable warnings; empty when nothing looks wrong.</param>
public sealed record RunDiagnostics(IReadOnlyList<ChainDiagnostics> Chains, IReadOnlyList<VariableSummary> Variables, IReadOnlyList<string> Warnings)
{
    /// <summary>R-hat above this flags non-convergence (Vehtari et al. 2021).</summary>
    public const double RhatThreshold = ConvergenceRule.RhatThreshold;

    /// <summary>E-BFMI below this flags poor energy exploration (Betancourt 2016).</summary>
    public const double EbfmiThreshold = 0.3;

    /// <summary>Diagnoses the chains of one run.</summary>
    /// <param name="chains">The chains (at least one).</param>
    /// <param name="maxTreeDepth">The NUTS maximum tree depth, or null for other samplers.</param>
    public static RunDiagnostics Compute(IReadOnlyList<ChainResult> chains, int? maxTreeDepth)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var perChain = chains.Select(c => ForChain(c, maxTreeDepth)).ToList();
        var names = new List<string> { "lp__", ChainResult.NegLogLikelihoodColumn };
        names.AddRange(chains[0].Draws.Columns.Where(n => n.StartsWith("w.", StringComparison.Ordinal)));
        var variables = names.Select(n => ConvergenceDiagnostics.Summarize(n, [.. chains.Select(c => c.Draws.Column(n))])).ToList();
        return new RunDiagnostics(perChain, variables, Warn(perChain, variables, chains.Count, chains[0].Draws.RowCount, maxTreeDepth));
    }

    /// <summary>E-BFMI of one chain's energies: sum of squared successive differences over sum of squared deviations.</summary>
    public static double Ebfmi(IReadOnlyList<double> energy)
    {
        ArgumentNullException.ThrowIfNull(energy);
        if (energy.Count < 2)
        {
            return double.NaN;
        }

        var mean = energy.Average();
        var numerator = 0.0;
        for (var t = 1; t < energy.Count; t++)
        {
            numerator += (energy[t] - energy[t - 1]) * (energy[t] - energy[t - 1]);
        }

        return numerator / energy.Sum(e => (e - mean) * (e - mean));
    }

    private static ChainDiagnostics ForChain(ChainResult chain, int? maxTreeDepth)
    {
        var table = chain.Draws;
        return new ChainDiagnostics(chain.Chain,
            (int)table.Column("divergent__").Sum(),
            maxTreeDepth is { } depth ? table.Column("treedepth__").Count(t => t >= depth) : 0,
            Ebfmi(table.Column("energy__")),
            table.Column("accept_stat__").Average(),
            chain.StepSize,
            (long)table.Column("n_leapfrog__").Sum(),
            chain.WarmupLeapfrogSteps,
            chain.WarmupSeconds,
            chain.SamplingSeconds);
    }

    private static List<string> Warn(List<ChainDiagnostics> chains, List<VariableSummary> variables, int chainCount, int draws, int? maxTreeDepth)
    {
        var warnings = new List<string>();
        var total = chainCount * draws;
        var divergences = chains.Sum(c => c.Divergences);
        if (divergences > 0)
        {
            warnings.Add(Invariant($"{divergences} of {total} transitions after warm-up were divergent ({100.0 * divergences / total:0.#}%): the draws may be biased; raise --adapt-delta or reconsider the prior"));
        }

        var saturated = chains.Sum(c => c.MaxTreeDepthHits);
        if (saturated > 0)
        {
            warnings.Add(Invariant($"{saturated} of {total} transitions hit the maximum tree depth {maxTreeDepth}: trajectories were cut short, which costs efficiency, not validity"));
        }

        foreach (var chain in chains.Where(c => c.Ebfmi < EbfmiThreshold))
        {
            warnings.Add(Invariant($"chain {chain.Chain}: E-BFMI {chain.Ebfmi:0.###} is below {EbfmiThreshold}: the momentum resampling explores the energy distribution poorly"));
        }

        foreach (var v in variables.Take(2).Where(v => v.Rhat > RhatThreshold))
        {
            warnings.Add(Invariant($"R-hat of {v.Variable} is {v.Rhat:0.###} (above {RhatThreshold}): the chains disagree about the posterior; run longer or check for multimodality"));
        }

        var parameters = variables.Skip(2).ToList();
        var high = parameters.Count(v => v.Rhat > RhatThreshold);
        if (high > 0)
        {
            warnings.Add(Invariant($"R-hat above {RhatThreshold} for {high} of {parameters.Count} parameters (largest {parameters.Max(v => v.Rhat):0.###}); in networks this is often label switching between symmetric modes, so judge convergence by lp__ and nLn"));
        }

        foreach (var v in variables.Take(2).Where(v => v.EssBulk < 100 * chainCount))
        {
            warnings.Add(Invariant($"bulk ESS of {v.Variable} is {v.EssBulk:0} (below 100 per chain): its Monte Carlo error is large; run longer"));
        }

        return warnings;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
