using System.CommandLine;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Cli;

/// <summary>The options that set up the sampler, shared by every command that samples.</summary>
internal sealed class SamplerOptions
{
    public Option<SamplerAlgorithm> Sampler { get; } = new("--sampler") { Description = "nuts, hmc, rwm or sgld", DefaultValueFactory = _ => SamplerAlgorithm.Nuts };

    public Option<int> Chains { get; } = new("--chains") { Description = "Number of chains", DefaultValueFactory = _ => 4 };

    public Option<int> Warmup { get; } = new("--warmup") { Description = "Warm-up iterations per chain", DefaultValueFactory = _ => 1000 };

    public Option<int> Draws { get; } = new("--draws") { Description = "Saved draws per chain", DefaultValueFactory = _ => 1000 };

    public Option<long> Seed { get; } = new("--seed") { Description = "Run seed", DefaultValueFactory = _ => 1 };

    public Option<int> MaxDepth { get; } = new("--max-depth") { Description = "NUTS maximum tree depth", DefaultValueFactory = _ => 10 };

    public Option<double?> AdaptDelta { get; } = new("--adapt-delta") { Description = "Target acceptance statistic (default 0.8; 0.234 for rwm)" };

    public Option<double> IntegrationTime { get; } = new("--int-time") { Description = "HMC integration time", DefaultValueFactory = _ => 2 * Math.PI };

    public Option<double> StepSize { get; } = new("--step-size") { Description = "Initial step size; SGLD's fixed step size", DefaultValueFactory = _ => 1 };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "SGLD minibatch size (0: all data)" };

    public Option<double> Localization { get; } = new("--localization") { Description = "SGLD localization strength gamma" };

    public Option<string?> Center { get; } = new("--center") { Description = "SGLD localization center w0: JSON array or network file (default: the initial point)" };

    public Option<string> Init { get; } = new("--init") { Description = "prior, optimize, or a JSON file with a starting point", DefaultValueFactory = _ => "prior" };

    public Option<int> InitSteps { get; } = new("--init-steps") { Description = "Adam steps for --init optimize", DefaultValueFactory = _ => 300 };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Chains run at once (default: all, one thread per chain)" };

    public Option<bool> LogLik { get; } = new("--log-lik") { Description = "Save log p(y_i | x_i, w) per data point as log_lik.1..n" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Sampler, Chains, Warmup, Draws, Seed, MaxDepth, AdaptDelta, IntegrationTime, StepSize, BatchSize, Localization, Center, Init, InitSteps, Threads, LogLik })
        {
            command.Add(option);
        }
    }

    public SamplerSettings Build(ParseResult parse, Architecture architecture, double beta)
    {
        var init = parse.GetValue(Init)!;
        var (mode, point) = init switch
        {
            "prior" => (InitializationMode.Prior, (double[]?)null),
            "optimize" => (InitializationMode.Optimize, null),
            _ => (InitializationMode.Point, PointFile.Read(init, architecture)),
        };
        var settings = new SamplerSettings
        {
            Algorithm = parse.GetValue(Sampler),
            Chains = parse.GetValue(Chains),
            Warmup = parse.GetValue(Warmup),
            Draws = parse.GetValue(Draws),
            Seed = parse.GetValue(Seed),
            Beta = beta,
            MaxTreeDepth = parse.GetValue(MaxDepth),
            TargetAcceptance = parse.GetValue(AdaptDelta),
            IntegrationTime = parse.GetValue(IntegrationTime),
            StepSize = parse.GetValue(StepSize),
            BatchSize = parse.GetValue(BatchSize),
            Localization = parse.GetValue(Localization),
            Center = parse.GetValue(Center) is { } center ? PointFile.Read(center, architecture) : null,
            Initialization = mode,
            InitialPoint = point,
            OptimizationSteps = parse.GetValue(InitSteps),
            Threads = parse.GetValue(Threads),
            SaveLogLikelihood = parse.GetValue(LogLik),
        };
        if (settings.Algorithm == SamplerAlgorithm.Sgld && parse.GetResult(StepSize) is not { Implicit: false })
        {
            throw new UsageException("--sampler sgld needs --step-size (it runs at a fixed step, e.g. 1e-4)");
        }

        return settings;
    }

    /// <summary>
    /// Checks <paramref name="settings"/> for a model of <paramref name="dimension"/> parameters and
    /// <paramref name="dataCount"/> points, naming the command-line option of the first setting that cannot work:
    /// <paramref name="renamed"/> maps settings a command exposes under its own names (e.g. Localization to --llc-gamma).
    /// </summary>
    public static void Check(SamplerSettings settings, int dimension, int dataCount, IReadOnlyDictionary<string, string>? renamed = null)
    {
        var names = new Dictionary<string, string>(OptionNames);
        foreach (var (setting, option) in renamed ?? new Dictionary<string, string>())
        {
            names[setting] = option;
        }

        CommandGuard.Named(() => settings.Validate(dimension, dataCount), names);
    }

    // The option behind each sampler setting, for messages.
    private static readonly Dictionary<string, string> OptionNames = new()
    {
        [nameof(SamplerSettings.Chains)] = "--chains",
        [nameof(SamplerSettings.Warmup)] = "--warmup",
        [nameof(SamplerSettings.Draws)] = "--draws",
        [nameof(SamplerSettings.MaxTreeDepth)] = "--max-depth",
        [nameof(SamplerSettings.TargetAcceptance)] = "--adapt-delta",
        [nameof(SamplerSettings.IntegrationTime)] = "--int-time",
        [nameof(SamplerSettings.StepSize)] = "--step-size",
        [nameof(SamplerSettings.BatchSize)] = "--batch-size",
        [nameof(SamplerSettings.Localization)] = "--localization",
        [nameof(SamplerSettings.Center)] = "--center",
        [nameof(SamplerSettings.InitialPoint)] = "--init",
        [nameof(SamplerSettings.OptimizationSteps)] = "--init-steps",
        [nameof(SamplerSettings.Threads)] = "--threads",
    };
}
