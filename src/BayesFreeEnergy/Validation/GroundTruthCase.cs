using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Theory;

namespace BayesFreeEnergy.Validation;

/// <summary>
/// A model and a teacher whose learning coefficient is known: exactly (a ReLU network of a generic teacher's own size,
/// lambda = rank of the output Jacobian / 2, which is (d - U)/2 when the network is identifiable up to scaling; a deep
/// linear network, Aoyagi's formula), or only through a proven upper bound (an over-parameterized ReLU network, lambda
/// &lt;= lambda_ReLU).
/// </summary>
/// <param name="Name">Short name, e.g. "relu 1-3-1".</param>
/// <param name="Suite">"relu" or "linear".</param>
/// <param name="Model">The model's architecture.</param>
/// <param name="Noise">Noise standard deviation of teacher and model.</param>
/// <param name="Lambda">The exact lambda for a data seed's teacher, or the bound when <paramref name="Exact"/> is false.</param>
/// <param name="Exact">Whether <paramref name="Lambda"/> is exact (else an upper bound).</param>
/// <param name="Teacher">The teacher for a data seed (ReLU teachers are drawn per seed, as <c>bfe data --seed</c> does).</param>
public sealed record GroundTruthCase(string Name, string Suite, Architecture Model, double Noise, Func<long, double> Lambda, bool Exact, Func<long, Network> Teacher)
{
    /// <summary>
    /// A ReLU model of the teacher's own size: lambda = rank(J) / 2 at the seed's teacher (<see cref="TeacherSizedNetwork"/>),
    /// exact where the network is identifiable up to scaling ((d - U)/2), an upper bound otherwise (a deep network on one
    /// input); which of the two is decided on the seed-1 teacher.
    /// </summary>
    public static GroundTruthCase ReluTeacherSized(string architecture)
    {
        var model = Architecture.Parse(architecture);
        Network Teacher(long seed) => TeacherFactory.CreateRandom(model, seed, kinksInside: true);
        return new GroundTruthCase($"relu {architecture}", "relu", model, 0.1, seed => TeacherSizedNetwork.LearningCoefficient(Teacher(seed)),
            TeacherSizedNetwork.IsIdentifiable(Teacher(1)), Teacher);
    }

    /// <summary>An over-parameterized ReLU model of a teacher: only lambda &lt;= lambda_ReLU is known.</summary>
    public static GroundTruthCase ReluOverParameterized(string teacher, string architecture)
    {
        var teacherArchitecture = Architecture.Parse(teacher);
        var model = Architecture.Parse(architecture);
        var sample = TeacherFactory.CreateRandom(teacherArchitecture, 1, kinksInside: true);
        var bound = Theory.ReluLearningCoefficientBound.Evaluate(teacherArchitecture, model, sample).LambdaRelu
            ?? throw new ArgumentException($"the ReLU bound does not apply to {architecture} with teacher {teacher}");
        return new GroundTruthCase($"relu {architecture} (teacher {teacher})", "relu", model, 0.1, _ => bound, false,
            seed => TeacherFactory.CreateRandom(teacherArchitecture, seed, kinksInside: true));
    }

    /// <summary>A deep linear network with a rank-r teacher: Aoyagi's exact lambda.</summary>
    public static GroundTruthCase Linear(string widths, int rank)
    {
        var architecture = Architecture.Parse(widths);
        var lambda = Theory.DeepLinearNetwork.LearningCoefficient(architecture.Widths, rank);
        return new GroundTruthCase($"linear {widths} rank {rank}", "linear", new Architecture(architecture.Widths, Activation.Identity, hasBiases: false), 0.5,
            _ => lambda, true, seed => TeacherFactory.CreateLowRankLinear(architecture.Widths, rank, seed));
    }
}
