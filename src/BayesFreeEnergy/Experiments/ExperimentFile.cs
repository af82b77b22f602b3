using System.Globalization;
using System.Reflection;
using System.Text.Json;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// Reads and writes experiment files (JSON; schema in docs/experiments.md, example in examples/experiment.json).
/// Reading is strict: an unknown key, an impossible architecture, a model that cannot represent the teacher or a
/// setting out of range stops it with a message that names the key.
/// </summary>
public static class ExperimentFile
{
    private static readonly JsonSerializerOptions Options = JsonFormat.InputFiles;

    /// <summary>Reads <paramref name="path"/>; a teacher <c>file</c> is resolved relative to the experiment file's folder.</summary>
    /// <exception cref="DataFileException">The file is missing, not valid JSON, or describes an experiment that cannot run.</exception>
    public static ExperimentDefinition Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, "experiment file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses experiment JSON; <paramref name="source"/> names it in messages and anchors a relative teacher file.</summary>
    public static ExperimentDefinition Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ExperimentDocument document;
        try
        {
            document = JsonSerializer.Deserialize<ExperimentDocument>(json, Options)
                ?? throw new DataFileException(source, 0, "is empty (null) instead of an experiment object");
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? -1) + 1;
            var unknown = e.Message.Contains("could not be mapped", StringComparison.Ordinal);
            throw new DataFileException(source, line, unknown ? UnknownKey(e.Path ?? "$") : $"is not a valid experiment file: {e.Message.Split(" Path:")[0]}", e);
        }

        try
        {
            return Build(document, Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new DataFileException(source, 0, e.Message, e);
        }
    }

    /// <summary>The canonical file: every setting explicit and the teacher inline, so it alone reproduces the sweep.</summary>
    public static string ToJson(ExperimentDefinition experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var document = new ExperimentDocument
        {
            Name = experiment.Name,
            Teacher = new TeacherDocument { Architecture = experiment.Teacher.Architecture.ToString(), Parameters = experiment.Teacher.Parameters.ToArray() },
            Noise = experiment.Noise,
            PriorSd = experiment.PriorSd,
            Models = [.. experiment.Models.Select(m => m.ToString())],
            SampleSizes = [.. experiment.SampleSizes],
            DataSeeds = [.. experiment.DataSeeds],
            Sampler = new SamplerDocument
            {
                Chains = experiment.Chains,
                Warmup = experiment.Warmup,
                Draws = experiment.Draws,
                MaxTreeDepth = experiment.MaxTreeDepth,
                AdaptDelta = experiment.AdaptDelta,
            },
            // Adaptive is written only when set, so the canonical form (and hash) of every fixed-ladder experiment is unchanged.
            Ladder = new LadderDocument
            {
                Rungs = experiment.Rungs,
                Power = experiment.LadderPower,
                SwapInterval = experiment.SwapInterval,
                Adaptive = experiment.AdaptiveLadder ? true : null,
            },
            Estimators = new EstimatorDocument { TestPoints = experiment.TestPoints, MapRestarts = experiment.MapRestarts, MapSteps = experiment.MapSteps },
        };
        return JsonSerializer.Serialize(document, Options);
    }

    private static ExperimentDefinition Build(ExperimentDocument d, string folder)
    {
        var teacher = BuildTeacher(d.Teacher ?? throw new FormatException("missing \"teacher\""), folder);
        var models = (d.Models ?? throw new FormatException("missing \"models\" (a list of architectures such as \"1-6-6-1\")"))
            .Select((text, i) => ParseModel(text, i, teacher)).ToList();
        Require(models.Count > 0, "\"models\" is empty");
        Require(models.Distinct().Count() == models.Count, "\"models\" lists an architecture twice");
        var sizes = d.SampleSizes ?? throw new FormatException("missing \"sample_sizes\"");
        Require(sizes.Length > 0 && sizes.All(n => n >= 10), "\"sample_sizes\" must list sample sizes of at least 10");
        Require(sizes.Distinct().Count() == sizes.Length, "\"sample_sizes\" lists a size twice");
        var seeds = d.DataSeeds ?? throw new FormatException("missing \"data_seeds\"");
        Require(seeds.Length > 0, "\"data_seeds\" is empty");
        Require(seeds.Distinct().Count() == seeds.Length, "\"data_seeds\" lists a seed twice");
        var defaults = new ExperimentDefinition { Name = "", Teacher = teacher, Models = models, SampleSizes = sizes, DataSeeds = seeds };
        var s = d.Sampler ?? new SamplerDocument();
        var l = d.Ladder ?? new LadderDocument();
        var e = d.Estimators ?? new EstimatorDocument();
        var experiment = defaults with
        {
            Name = d.Name ?? "experiment",
            Noise = d.Noise ?? defaults.Noise,
            PriorSd = d.PriorSd ?? defaults.PriorSd,
            Chains = s.Chains ?? defaults.Chains,
            Warmup = s.Warmup ?? defaults.Warmup,
            Draws = s.Draws ?? defaults.Draws,
            MaxTreeDepth = s.MaxTreeDepth ?? defaults.MaxTreeDepth,
            AdaptDelta = s.AdaptDelta ?? defaults.AdaptDelta,
            Rungs = l.Rungs ?? defaults.Rungs,
            LadderPower = l.Power ?? defaults.LadderPower,
            SwapInterval = l.SwapInterval ?? defaults.SwapInterval,
            AdaptiveLadder = l.Adaptive ?? false,
            TestPoints = e.TestPoints ?? defaults.TestPoints,
            MapRestarts = e.MapRestarts ?? defaults.MapRestarts,
            MapSteps = e.MapSteps ?? defaults.MapSteps,
        };
        Require(experiment.Noise > 0 && double.IsFinite(experiment.Noise), "\"noise\" must be positive");
        Require(experiment.PriorSd > 0 && double.IsFinite(experiment.PriorSd), "\"prior_sd\" must be positive");
        Require(experiment.Chains >= 1, "\"sampler.chains\" must be at least 1");
        Require(experiment.Warmup >= 0, "\"sampler.warmup\" must be non-negative");
        Require(experiment.Draws >= 10, "\"sampler.draws\" must be at least 10");
        Require(experiment.MaxTreeDepth is >= 1 and <= 30, "\"sampler.max_tree_depth\" must lie in 1..30");
        Require(experiment.AdaptDelta is > 0 and < 1, "\"sampler.adapt_delta\" must lie strictly between 0 and 1");
        Require(experiment.Rungs >= ReplicaExchangeSampler.MinimumRungs, $"\"ladder.rungs\" must be at least {ReplicaExchangeSampler.MinimumRungs}");
        Require(experiment.LadderPower is >= 1 and <= ReplicaExchangeSampler.MaximumPower, $"\"ladder.power\" must lie in [1, {ReplicaExchangeSampler.MaximumPower}]");
        Require(experiment.SwapInterval >= 1, "\"ladder.swap_interval\" must be at least 1");
        Require(experiment.TestPoints >= 2, "\"estimators.test_points\" must be at least 2");
        Require(experiment.MapRestarts >= 0, "\"estimators.map_restarts\" must be non-negative");
        Require(experiment.MapSteps >= 0, "\"estimators.map_steps\" must be non-negative");
        return experiment;
    }

    private static Network BuildTeacher(TeacherDocument t, string folder)
    {
        if (t.File is { } file)
        {
            Require(t.Architecture is null && t.Seed is null && t.Parameters is null && t.KinksInside is null,
                "\"teacher\" gives a \"file\"; it cannot also give an architecture, seed, parameters or kinks_inside");
            var path = Path.IsPathRooted(file) ? file : Path.Combine(folder, file);
            try
            {
                return TeacherFile.Read(path, out _);
            }
            catch (DataFileException e)
            {
                throw new FormatException($"teacher: {e.Message}", e);
            }
        }

        var architecture = Architecture.Parse(t.Architecture ?? throw new FormatException("\"teacher\" needs a \"file\", or an \"architecture\" with a \"seed\" or \"parameters\""));
        if (t.Parameters is { } parameters)
        {
            Require(t.Seed is null && t.KinksInside is null, "\"teacher\" gives \"parameters\"; it cannot also give a seed or kinks_inside");
            Require(parameters.Length == architecture.ParameterCount,
                $"teacher {architecture} has {architecture.ParameterCount} parameters, \"parameters\" lists {parameters.Length}");
            Require(parameters.All(double.IsFinite), "teacher parameters must be finite");
            return new Network(architecture, parameters);
        }

        return TeacherFactory.CreateRandom(architecture, t.Seed ?? throw new FormatException("\"teacher\" with an architecture needs a \"seed\" or \"parameters\""),
            t.KinksInside ?? true);
    }

    private static Architecture ParseModel(string? text, int index, Network teacher)
    {
        var where = $"models[{index}]";
        Architecture model;
        try
        {
            model = Architecture.Parse(text ?? throw new FormatException("is null"), teacher.Architecture.Activation, teacher.Architecture.HasBiases);
        }
        catch (Exception e) when (e is FormatException or InvalidInputException)
        {
            throw new FormatException($"{where}: {e.Message.Split(" (Parameter")[0]}", e);
        }

        // The bound's construction is a representation of the teacher inside the model; a model without one cannot
        // learn the teacher exactly, and the realizable theory this sweep measures does not apply to it.
        var failed = ReluLearningCoefficientBound.Evaluate(teacher.Architecture, model, teacher).Conditions
            .Where(c => !c.Holds && !c.Name.StartsWith("generic teacher", StringComparison.Ordinal)).ToList();
        Require(failed.Count == 0, $"{where} = {model} cannot represent the teacher {teacher.Architecture}: " +
            string.Join("; ", failed.Select(c => $"{c.Name} ({c.Detail})")));
        return model;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message);
        }
    }

    // "$.sampler.chainz" -> "unknown key 'sampler.chainz'; sampler allows chains, warmup, ...".
    private static string UnknownKey(string path)
    {
        var segments = path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries);
        var type = typeof(ExperimentDocument);
        foreach (var segment in segments.SkipLast(1))
        {
            type = type.GetProperties().FirstOrDefault(p => Options.PropertyNamingPolicy!.ConvertName(p.Name) == segment)?.PropertyType ?? type;
        }

        var allowed = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => Options.PropertyNamingPolicy!.ConvertName(p.Name));
        var section = segments.Length > 1 ? string.Join('.', segments.SkipLast(1)) : "the top level";
        return string.Create(CultureInfo.InvariantCulture,
            $"unknown key '{string.Join('.', segments)}'; {section} allows {string.Join(", ", allowed)} (see docs/experiments.md)");
    }

    private sealed class ExperimentDocument
    {
        public string? Name { get; set; }
        public TeacherDocument? Teacher { get; set; }
        public double? Noise { get; set; }
        public double? PriorSd { get; set; }
        public string?[]? Models { get; set; }
        public int[]? SampleSizes { get; set; }
        public long[]? DataSeeds { get; set; }
        public SamplerDocument? Sampler { get; set; }
        public LadderDocument? Ladder { get; set; }
        public EstimatorDocument? Estimators { get; set; }
    }

    private sealed class TeacherDocument
    {
        public string? File { get; set; }
        public string? Architecture { get; set; }
        public long? Seed { get; set; }
        public bool? KinksInside { get; set; }
        public double[]? Parameters { get; set; }
    }

    private sealed class SamplerDocument
    {
        public int? Chains { get; set; }
        public int? Warmup { get; set; }
        public int? Draws { get; set; }
        public int? MaxTreeDepth { get; set; }
        public double? AdaptDelta { get; set; }
    }

    private sealed class LadderDocument
    {
        public int? Rungs { get; set; }
        public double? Power { get; set; }
        public int? SwapInterval { get; set; }
        public bool? Adaptive { get; set; }
    }

    private sealed class EstimatorDocument
    {
        public int? TestPoints { get; set; }
        public int? MapRestarts { get; set; }
        public int? MapSteps { get; set; }
    }
}
