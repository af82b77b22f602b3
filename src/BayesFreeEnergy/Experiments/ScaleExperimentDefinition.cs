using System.Text.Json;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// The theorem at scale (<c>bfe reproduce --scale</c>, file examples/reproduce-scale.json): one small ReLU teacher, students
/// of the same depth and growing width, and the local learning coefficient of each, measured at the teacher embedded in
/// the student (its most singular true parameter) and at a network trained on the data, against d/2 and lambda_ReLU.
/// </summary>
public sealed record ScaleExperimentDefinition
{
    /// <summary>The teacher's architecture (random weights with kinks inside the data, from <see cref="TeacherSeed"/>).</summary>
    public required string Teacher { get; init; }

    /// <summary>Seed of the teacher's weights.</summary>
    public long TeacherSeed { get; init; } = 1;

    /// <summary>Student architectures, each of the teacher's depth and ends with hidden layers at least as wide.</summary>
    public required IReadOnlyList<string> Students { get; init; }

    /// <summary>Where each LLC is measured.</summary>
    public IReadOnlyList<ScaleCentre> Centres { get; init; } = [ScaleCentre.Teacher, ScaleCentre.Trained];

    /// <summary>Number of data points n, Range: at least 10.</summary>
    public int N { get; init; } = 1000;

    /// <summary>Seed of the data set (noiseless: the teacher is an exact minimum of L_n).</summary>
    public long DataSeed { get; init; } = 1;

    /// <summary>The model's noise standard deviation s, Range: positive.</summary>
    public double Noise { get; init; } = 0.1;

    /// <summary>The strongest localization the calibration tries (it also tries a quarter of it), Range: positive.</summary>
    public double Gamma { get; init; } = 10;

    /// <summary>SGLD minibatch size, Range: 1..n.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>SGLD draws per chain of each run (warm-up a quarter of it), Range: at least 100.</summary>
    public int Draws { get; init; } = 20000;

    /// <summary>SGLD chains, Range: at least 2.</summary>
    public int Chains { get; init; } = 2;

    /// <summary>Minibatch Adam passes over the data for trained centres above 2000 parameters, Range: at least 1.</summary>
    public int TrainEpochs { get; init; } = 200;

    /// <summary>Seed of training and sampling.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Parses the JSON of a definition strictly (unknown keys refused) and checks it.</summary>
    /// <exception cref="DataFileException">Not valid JSON, or a setting no run could use.</exception>
    public static ScaleExperimentDefinition Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ScaleExperimentDefinition definition;
        try
        {
            definition = JsonSerializer.Deserialize<ScaleExperimentDefinition>(json, JsonFormat.InputFiles)
                ?? throw new DataFileException(source, 0, "is empty (null) instead of a scale experiment");
        }
        catch (JsonException e)
        {
            throw new DataFileException(source, (int)(e.LineNumber ?? -1) + 1, $"is not a valid scale experiment: {e.Message.Split(" Path:")[0]}", e);
        }

        try
        {
            definition.Check();
        }
        catch (ArgumentException e)
        {
            throw new DataFileException(source, 0, e.Message, e);
        }

        return definition;
    }

    /// <summary>The teacher's architecture.</summary>
    public Architecture TeacherArchitecture => Architecture.Parse(Teacher);

    private void Check()
    {
        var teacher = TeacherArchitecture;
        if (Students.Count == 0 || Centres.Count == 0)
        {
            throw new ArgumentException("a scale experiment needs at least one student and one centre");
        }

        foreach (var student in Students.Select(s => Architecture.Parse(s)))
        {
            // Throws when the teacher does not fit.
            _ = new Network(teacher, new double[teacher.ParameterCount]).EmbeddedIn(student);
        }

        if (N < 10 || !(Noise > 0) || !(Gamma > 0) || BatchSize < 1 || BatchSize > N || Draws < 100 || Chains < 2 || TrainEpochs < 1)
        {
            throw new ArgumentException("out of range: n >= 10, noise > 0, gamma > 0, 1 <= batch_size <= n, draws >= 100, chains >= 2 and train_epochs >= 1 are needed");
        }
    }
}

/// <summary>Where a scale experiment measures the local learning coefficient (written "teacher" or "trained").</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ScaleCentre>))]
public enum ScaleCentre
{
    /// <summary>The teacher embedded in the student (extra units silent): the most singular true parameter.</summary>
    Teacher,

    /// <summary>A network trained on the data (Adam), as devinterp users measure it.</summary>
    Trained,
}
