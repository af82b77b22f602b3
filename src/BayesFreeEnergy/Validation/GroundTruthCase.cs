using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Validation;

/// <summary>
/// A model and a teacher whose learning coefficient is known: exactly (a ReLU network of a generic teacher's own size,
/// lambda = (d - U)/2; a deep linear network, Aoyagi's formula), or only through a proven upper bound (an
/// over-parameterized ReLU network, lambda &lt;= lambda_ReLU).
/// </summary>
/// <param name="Name">Short name, e.g. "relu 1-3-1".</param>
/// <param name="Suite">"relu" or "linear".</param>
/// <param name="Model">The model's architecture.</param>
/// <param name="Noise">Noise standard deviation of teacher and model.</param>
/// <param name="Lambda">The exact lambda, or the bound when <paramref name="Exact"/> is false.</param>
/// <param name="Exact">Whether <paramref name="Lambda"/> is exact (else an upper bound).</param>
/// <param name="Teacher">The teacher for a data seed (ReLU teachers are drawn per seed, as <c>bfe data --seed</c> does).</param>
public sealed record GroundTruthCase(string Name, string Suite, Architecture Model, double Noise, double Lambda, bool Exact, Func<long, Network> Teacher)
{
    /// <summary>A ReLU model of the teacher's own size: lambda = (d - U)/2 exactly.</summary>
    public static GroundTruthCase ReluTeacherSized(string architecture)
    {
        var model = Architecture.Parse(architecture);
        var units = model.Widths.Skip(1).SkipLast(1).Sum();
        return new GroundTruthCase($"relu {architecture}", "relu", model, 0.1, (model.ParameterCount - units) / 2.0, true,
            seed => TeacherFactory.CreateRandom(model, seed, kinksInside: true));
    }

    /// <summary>An over-parameterized ReLU model of a teacher: only lambda &lt;= lambda_ReLU is known.</summary>
    public static GroundTruthCase ReluOverParameterized(string teacher, string architecture)
    {
        var teacherArchitecture = Architecture.Parse(teacher);
        var model = Architecture.Parse(architecture);
        var sample = TeacherFactory.CreateRandom(teacherArchitecture, 1, kinksInside: true);
        var bound = Theory.ReluLearningCoefficientBound.Evaluate(teacherArchitecture, model, sample).LambdaRelu
            ?? throw new ArgumentException($"the ReLU bound does not apply to {architecture} with teacher {teacher}");
        return new GroundTruthCase($"relu {architecture} (teacher {teacher})", "relu", model, 0.1, bound, false,
            seed => TeacherFactory.CreateRandom(teacherArchitecture, seed, kinksInside: true));
    }

    /// <summary>A deep linear network with a rank-r teacher: Aoyagi's exact lambda.</summary>
    public static GroundTruthCase Linear(string widths, int rank)
    {
        var architecture = Architecture.Parse(widths);
        return new GroundTruthCase($"linear {widths} rank {rank}", "linear", new Architecture(architecture.Widths, Activation.Identity, hasBiases: false), 0.5,
            Theory.DeepLinearNetwork.LearningCoefficient(architecture.Widths, rank), true, seed => TeacherFactory.CreateLowRankLinear(architecture.Widths, rank, seed));
    }
}
