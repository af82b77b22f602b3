using BayesFreeEnergy.Estimation;

namespace BayesFreeEnergy.Experiments;

/// <summary>What one run of a sweep leaves behind, as its own JSON file (<c>runs/&lt;id&gt;.json</c>).</summary>
/// <param name="ExperimentHash">Hash of the experiment it belongs to (<see cref="ExperimentDefinition.Hash"/>).</param>
/// <param name="Id">The run's id.</param>
/// <param name="Model">The model's architecture.</param>
/// <param name="Depth">Hidden layers of the model.</param>
/// <param name="N">Sample size.</param>
/// <param name="Seed">Data and sampler seed.</param>
/// <param name="FreeEnergy">Free energy, lambda, WAIC, LOO and the teacher comparison.</param>
/// <param name="Map">The MAP fit's plug-in generalization error on the same test set as the Bayes G_n; null when not fitted.</param>
/// <param name="TraceNll">n L_n per draw at beta = 1, one list per chain, for trace and rank plots.</param>
/// <param name="WallSeconds">Time the whole run took.</param>
public sealed record ExperimentRunResult(string ExperimentHash, string Id, string Model, int Depth, int N, long Seed,
    FreeEnergyReport FreeEnergy, MapComparison? Map, IReadOnlyList<IReadOnlyList<double>> TraceNll, double WallSeconds);

/// <summary>The MAP point estimate's plug-in predictive against the teacher.</summary>
/// <param name="Restarts">Adam restarts from prior draws.</param>
/// <param name="Steps">Adam steps per restart.</param>
/// <param name="LogPosterior">Unnormalized log posterior at the best restart.</param>
/// <param name="G">G_n of the plug-in predictive p(y | x, w_MAP).</param>
/// <param name="NG">n G_n of the plug-in predictive.</param>
public sealed record MapComparison(int Restarts, int Steps, double LogPosterior, Estimate G, Estimate NG);
