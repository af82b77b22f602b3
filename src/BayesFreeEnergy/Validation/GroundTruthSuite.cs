namespace BayesFreeEnergy.Validation;

/// <summary>
/// The ground-truth suite of <c>bfe validate --suite</c>: ReLU networks of their teacher's own size (exact lambda), deep
/// linear networks (exact lambda), and over-parameterized ReLU networks (lambda bounded), each at several n and seeds.
/// </summary>
public static class GroundTruthSuite
{
    /// <summary>The suites by name: relu, linear, all.</summary>
    public static IReadOnlyList<string> Names { get; } = ["relu", "linear", "all"];

    /// <summary>The default sample sizes.</summary>
    public static IReadOnlyList<int> SampleSizes { get; } = [400, 1600, 6400];

    /// <summary>The default data seeds.</summary>
    public static IReadOnlyList<long> Seeds { get; } = [1, 2, 3];

    /// <summary>The cases of suite <paramref name="name"/> (see <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException">An unknown suite name.</exception>
    public static IReadOnlyList<GroundTruthCase> Cases(string name)
    {
        // Built on demand: the teacher-sized cases draw their seed-1 teacher and its Jacobian's rank when created.
        static IReadOnlyList<GroundTruthCase> Relu() =>
        [
            GroundTruthCase.ReluTeacherSized("1-3-1"),
            GroundTruthCase.ReluTeacherSized("2-4-1"),
            GroundTruthCase.ReluTeacherSized("1-4-4-1"),
            GroundTruthCase.ReluTeacherSized("1-3-2"),
            GroundTruthCase.ReluOverParameterized("1-3-1", "1-6-1"),
            GroundTruthCase.ReluOverParameterized("1-3-1", "1-6-6-1"),
        ];
        static IReadOnlyList<GroundTruthCase> Linear() =>
        [
            GroundTruthCase.Linear("3-3-3", 1),
            GroundTruthCase.Linear("2-3-3-2", 1),
            GroundTruthCase.Linear("4-4-4", 2),
            GroundTruthCase.Linear("3-4-4-3", 1),
        ];
        return name switch
        {
            "relu" => Relu(),
            "linear" => Linear(),
            "all" => [.. Relu(), .. Linear()],
            _ => throw new InvalidInputException($"unknown suite '{name}': choose one of {string.Join(", ", Names)}", nameof(name)),
        };
    }

    /// <summary>
    /// Runs suite <paramref name="name"/> at every sample size and seed, case by case. With <paramref name="folder"/> each
    /// run is kept in folder/runs/ as it finishes and a later call skips the runs found there, judging them against the
    /// case's truth as computed now (not the value stored with them).
    /// </summary>
    /// <param name="name">relu, linear or all.</param>
    /// <param name="sizes">Sample sizes, each at least 10.</param>
    /// <param name="seeds">Data seeds, at least one.</param>
    /// <param name="settings">NUTS settings per temperature (chains, warm-up, draws).</param>
    /// <param name="folder">Where runs are kept, or null.</param>
    /// <param name="onRun">Called after each run with the number done and the total.</param>
    /// <param name="cancellation">Stops between and inside runs.</param>
    /// <exception cref="InvalidInputException">An unknown suite, a size below 10 or no seeds.</exception>
    public static IReadOnlyList<GroundTruthRun> Run(string name, IReadOnlyList<int> sizes, IReadOnlyList<long> seeds, Sampling.SamplerSettings settings,
        string? folder = null, Action<GroundTruthRun, int, int>? onRun = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentNullException.ThrowIfNull(seeds);
        if (sizes.Count == 0 || sizes.Any(s => s < 10) || seeds.Count == 0)
        {
            throw new InvalidInputException("the suite needs sample sizes of at least 10 and at least one seed", nameof(sizes));
        }

        var cases = Cases(name);
        var runs = new List<GroundTruthRun>();
        var total = cases.Count * sizes.Count * seeds.Count;
        foreach (var groundTruth in cases)
        {
            foreach (var size in sizes)
            {
                foreach (var seed in seeds)
                {
                    var file = folder is null ? null : Path.Combine(folder, "runs", $"{groundTruth.Name.Replace(' ', '_')}_n{size}_s{seed}.json".Replace("(", "").Replace(")", ""));
                    var run = file is not null && File.Exists(file)
                        ? System.Text.Json.JsonSerializer.Deserialize<GroundTruthRun>(File.ReadAllText(file), Data.JsonFormat.Options)! with
                        {
                            Lambda = groundTruth.Lambda(seed),
                            Exact = groundTruth.Exact,
                        }
                        : GroundTruthRunner.Run(groundTruth, size, seed, settings, cancellation: cancellation);
                    if (file is not null && !File.Exists(file))
                    {
                        Data.AtomicFile.Write(file, writer => writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(run, Data.JsonFormat.Options)));
                    }

                    runs.Add(run);
                    onRun?.Invoke(run, runs.Count, total);
                }
            }
        }

        return runs;
    }

    /// <summary>
    /// The finite-n allowance of an estimator from one data set, on top of its Monte Carlo standard errors. Watanabe's
    /// expansion E_beta[n L_n] = n L_n(w0) + lambda / beta + U_n sqrt(lambda / (2 beta)) + O_p(1), U_n asymptotically a
    /// centred Gaussian of the data, gives each estimator a data-set fluctuation that no amount of sampling removes:
    /// sqrt(lambda beta / 2) times 0.55 for the two-temperature secant (beta and 1.5 beta), 0.5 for beta^2 Var_beta[n L_n],
    /// and 1 for the LLC's beta (E[n L_n] - n L_n(w0)). The allowance is two of those (|U_n| &lt;= 2); n G_n is judged by its
    /// mean over seeds instead.
    /// </summary>
    public static double Allowance(GroundTruthEstimator estimator, double lambda, int n)
    {
        var beta = Estimation.LearningCoefficientEstimators.WbicBeta(n);
        var scale = Math.Sqrt(Math.Max(lambda, 0) * beta / 2);
        return estimator switch
        {
            GroundTruthEstimator.TwoTemperatures => 2 * 0.553 * scale,
            GroundTruthEstimator.Variance => 2 * 0.5 * scale,
            GroundTruthEstimator.Llc => 2 * scale,
            _ => 0,
        };
    }
}
