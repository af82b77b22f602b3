using System.Diagnostics;
using System.Text.Json;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// Runs a <see cref="ScaleExperimentDefinition"/>: for each student and centre, the calibrated local learning coefficient
/// (adaptive SGLD, <see cref="LocalLearningCoefficient.Calibrate"/>) with its verdict. Results are kept in
/// <c>scale.json</c> after every row, so a rerun resumes.
/// </summary>
public static class ScaleExperiment
{
    /// <summary>The results file in a scale experiment's folder.</summary>
    public const string ResultsFile = "scale.json";

    /// <summary>The built-in definition (the file examples/reproduce-scale.json).</summary>
    public static ScaleExperimentDefinition BuiltIn() =>
        ScaleExperimentDefinition.Parse(BuiltInExperiments.Resource("reproduce-scale.json"), "built-in experiment (examples/reproduce-scale.json)");

    /// <summary>Runs every (student, centre) pair not yet in <paramref name="folder"/>'s results, writing them after each.</summary>
    /// <param name="definition">The experiment.</param>
    /// <param name="folder">Results folder (created when missing).</param>
    /// <param name="onStart">Called before each row with its student, centre and d.</param>
    /// <param name="cancellation">Stops the runs; the rows finished so far stay written.</param>
    /// <returns>Every row, in the definition's order.</returns>
    /// <exception cref="InvalidInputException">The folder holds results of a different definition.</exception>
    public static IReadOnlyList<ScaleRow> Run(ScaleExperimentDefinition definition, string folder, Action<string, ScaleCentre, int>? onStart = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(folder);
        var kept = Read(folder);
        if (kept is not null && Json(kept.Experiment) != Json(definition))
        {
            throw new InvalidInputException($"{Path.Combine(folder, ResultsFile)} holds the results of a different scale experiment; use another folder");
        }

        var rows = kept?.Rows.ToList() ?? [];
        var teacher = TeacherFactory.CreateRandom(definition.TeacherArchitecture, definition.TeacherSeed, kinksInside: true);
        var data = TeacherFactory.GenerateData(teacher, definition.N, 0, definition.DataSeed);
        foreach (var student in definition.Students)
        {
            var architecture = Architecture.Parse(student);
            foreach (var centre in definition.Centres)
            {
                if (rows.Any(r => r.Model == architecture.ToString() && r.Centre == centre))
                {
                    continue;
                }

                cancellation.ThrowIfCancellationRequested();
                onStart?.Invoke(student, centre, architecture.ParameterCount);
                rows.Add(Measure(definition, teacher, data, architecture, centre, cancellation));
                Write(folder, definition, rows);
            }
        }

        return [.. definition.Students.SelectMany(s => definition.Centres.Select(c => rows.First(r => r.Model == Architecture.Parse(s).ToString() && r.Centre == c)))];
    }

    private static ScaleRow Measure(ScaleExperimentDefinition definition, Network teacher, Dataset data, Architecture architecture, ScaleCentre centre,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var model = new GaussianRegressionModel(architecture, data, definition.Noise, new GaussianPrior(1));
        var bound = ReluLearningCoefficientBound.Evaluate(teacher.Architecture, architecture, teacher).LambdaRelu;
        var center = centre == ScaleCentre.Teacher ? teacher.EmbeddedIn(architecture).Parameters.ToArray()
            : architecture.ParameterCount <= LocalLearningCoefficient.DensePreconditionerLimit ? LocalLearningCoefficient.TrainCenter(model, definition.Seed)
            : MinibatchTraining.FromPrior(model, definition.Seed, Math.Min(definition.N, 128), definition.TrainEpochs, 1e-3, cancellation: cancellation);
        var trainSeconds = clock.Elapsed.TotalSeconds;
        var settings = new SamplerSettings
        {
            Algorithm = SamplerAlgorithm.Sgld,
            Chains = definition.Chains,
            Draws = definition.Draws,
            Warmup = definition.Draws / 4,
            Seed = definition.Seed,
            Localization = definition.Gamma,
            BatchSize = definition.BatchSize,
        };
        var final = LocalLearningCoefficient.Calibrate(model, center, settings, bound, precondition: LlcPreconditioning.Adaptive, cancellation: cancellation).Final;
        return new ScaleRow(architecture.ToString(), architecture.ParameterCount, centre, bound, final.Lambda, final.StepSize, final.Localization, final.Acceptance,
            final.CenterLoss, trainSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Reads <paramref name="folder"/>'s results, or null when there are none yet.</summary>
    /// <exception cref="DataFileException">The file exists but is not a scale experiment's results.</exception>
    public static ScaleResults? Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, ResultsFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ScaleResults>(File.ReadAllText(path), JsonFormat.Options)
                ?? throw new DataFileException(path, 0, "is empty (null) instead of scale results");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, (int)(e.LineNumber ?? -1) + 1, $"is not a scale experiment's results: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    private static string Json(ScaleExperimentDefinition definition) => JsonSerializer.Serialize(definition, JsonFormat.Options);

    private static void Write(string folder, ScaleExperimentDefinition definition, IReadOnlyList<ScaleRow> rows) =>
        AtomicFile.Write(Path.Combine(folder, ResultsFile), writer => writer.Write(JsonSerializer.Serialize(new ScaleResults(definition, rows), JsonFormat.Options)));
}

/// <summary>A scale experiment's results file: its definition and the rows measured so far.</summary>
/// <param name="Experiment">The definition run.</param>
/// <param name="Rows">One row per (student, centre) finished.</param>
public sealed record ScaleResults(ScaleExperimentDefinition Experiment, IReadOnlyList<ScaleRow> Rows);

/// <summary>One student's local learning coefficient at one centre.</summary>
/// <param name="Model">The student's architecture.</param>
/// <param name="D">Its parameter count d.</param>
/// <param name="Centre">Where the LLC was measured.</param>
/// <param name="LambdaRelu">lambda_ReLU, the proven upper bound on the student's (global) learning coefficient, or null where it does not apply.</param>
/// <param name="Llc">The reported estimate with its verdict.</param>
/// <param name="StepSize">Its SGLD step (in the adapted preconditioner's units).</param>
/// <param name="Gamma">Its localization.</param>
/// <param name="Acceptance">Mean Metropolis acceptance of its checked moves.</param>
/// <param name="CenterNLn">n L_n at the centre.</param>
/// <param name="TrainSeconds">Wall time of finding the centre.</param>
/// <param name="Seconds">Wall time of the row, training included.</param>
public sealed record ScaleRow(string Model, int D, ScaleCentre Centre, double? LambdaRelu, CheckedEstimate Llc, double StepSize, double Gamma, double Acceptance,
    double CenterNLn, double TrainSeconds, double Seconds)
{
    /// <summary>Whether every check passed but the last: the estimate lies above lambda_ReLU (which bounds the global lambda, not the LLC at a point).</summary>
    public bool OnlyAboveBound => !Llc.IsOk && Llc.Reasons.All(LearningCoefficientChecks.IsAboveReluBound);
}
