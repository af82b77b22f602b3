using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Theory;

/// <summary>
/// The constructive upper bound lambda &lt;= (d* - U*)/2 for a deep ReLU model learning a ReLU teacher
/// (docs/theory.md section 4, after Nagayasu and Watanabe 2023); docs/theory-bound.md derives it.
/// </summary>
public static class ReluLearningCoefficientBound
{
    private const double RankTolerance = 1e-10;

    /// <summary>Checks the bound's conditions and computes d/2, d*/2 and lambda_ReLU.</summary>
    /// <param name="teacher">The teacher architecture.</param>
    /// <param name="model">The model architecture.</param>
    /// <param name="teacherWeights">The teacher's weights when known; then genericity is checked on them instead of assumed.</param>
    public static ReluBoundReport Evaluate(Architecture teacher, Architecture model, Network? teacherWeights = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(model);
        if (teacherWeights is not null && !teacherWeights.Architecture.Equals(teacher))
        {
            throw new ArgumentException("the teacher weights do not belong to the teacher architecture", nameof(teacherWeights));
        }

        var conditions = new List<BoundCondition>();
        var n = teacher.OutputWidth;
        var l = model.LayerCount;
        var lStar = teacher.LayerCount;

        conditions.Add(new("ReLU activations",
            model.Activation == Activation.Relu && teacher.Activation == Activation.Relu,
            $"model {Name(model.Activation)}, teacher {Name(teacher.Activation)} (for linear networks use the exact values: bound --linear)"));
        conditions.Add(new("model has biases", model.HasBiases,
            model.HasBiases ? "extra units are switched off and extra layers passed through with biases" : "the model has no biases, which the construction needs"));
        conditions.Add(new("same input and output widths",
            model.InputWidth == teacher.InputWidth && model.OutputWidth == n,
            $"model {model.InputWidth} -> {model.OutputWidth}, teacher {teacher.InputWidth} -> {n}"));
        conditions.Add(new("depth L >= L*", l >= lStar, $"L = {l}, L* = {lStar}"));

        var narrow = Enumerable.Range(1, Math.Min(lStar, l) - 1).Where(k => model.Widths[k] < teacher.Widths[k]).ToList();
        conditions.Add(new("H_k >= H*_k for k < L*", narrow.Count == 0 && l >= lStar,
            l < lStar ? "not applicable: the model is shallower than the teacher"
            : narrow.Count == 0 ? "every teacher layer fits in the model's layer of the same depth"
            : string.Join("; ", narrow.Select(k => $"H_{k} = {model.Widths[k]} < H*_{k} = {teacher.Widths[k]}"))));

        var thin = Enumerable.Range(lStar, Math.Max(0, l - lStar)).Where(k => model.Widths[k] < n).ToList();
        conditions.Add(new("H_k >= N for L* <= k < L", thin.Count == 0,
            l <= lStar ? "no extra layers"
            : thin.Count == 0 ? $"every extra layer is at least N = {n} wide"
            : string.Join("; ", thin.Select(k => $"H_{k} = {model.Widths[k]} < N = {n}"))));

        conditions.Add(NonZeroIncomingWeights(teacher, teacherWeights));
        if (l > lStar)
        {
            conditions.Add(LastLayerRank(teacher, teacherWeights));
        }

        return new ReluBoundReport(teacher.ToString(), model.ToString(), model.ParameterCount, teacher.ParameterCount,
            teacher.HiddenUnitCount, conditions);
    }

    private static string Name(Activation activation) => activation == Activation.Relu ? "relu" : "identity";

    private static BoundCondition NonZeroIncomingWeights(Architecture teacher, Network? weights)
    {
        const string name = "generic teacher: every hidden unit has a non-zero incoming weight vector";
        if (weights is null)
        {
            return new(name, true, "assumed (teacher weights not given; true with probability 1 for a random teacher)");
        }

        var zero = new List<string>();
        for (var k = 1; k < teacher.LayerCount; k++)
        {
            var shape = teacher.Layer(k);
            for (var j = 0; j < shape.Outputs; j++)
            {
                if (weights.Parameters.Slice(shape.WeightOffset + (j * shape.Inputs), shape.Inputs).IndexOfAnyExcept(0.0) < 0)
                {
                    zero.Add($"layer {k} unit {j + 1}");
                }
            }
        }

        return new(name, zero.Count == 0, zero.Count == 0 ? "checked on the teacher's weights" : $"zero incoming weights: {string.Join(", ", zero)}");
    }

    private static BoundCondition LastLayerRank(Architecture teacher, Network? weights)
    {
        const string name = "extra depth: the teacher's last weight matrix has rank N";
        var n = teacher.OutputWidth;
        var last = teacher.Layer(teacher.LayerCount);
        if (last.Inputs < n)
        {
            return new(name, false, $"impossible: W_L* is {n} x {last.Inputs} and needs H*_(L*-1) = {last.Inputs} >= N = {n}");
        }

        if (weights is null)
        {
            return new(name, true, $"assumed (H*_(L*-1) = {last.Inputs} >= N = {n}; teacher weights not given)");
        }

        var rank = MatrixRank(weights.Parameters.Slice(last.WeightOffset, n * last.Inputs).ToArray(), n, last.Inputs);
        return new(name, rank == n, $"rank of W_L* = {rank}, N = {n}");
    }

    // Gaussian elimination with partial pivoting; enough for the N x H matrices a teacher has.
    private static int MatrixRank(double[] a, int rows, int columns)
    {
        var scale = Math.Max(a.Max(Math.Abs), double.Epsilon);
        var rank = 0;
        for (var c = 0; c < columns && rank < rows; c++)
        {
            var pivot = Enumerable.Range(rank, rows - rank).MaxBy(r => Math.Abs(a[(r * columns) + c]));
            if (Math.Abs(a[(pivot * columns) + c]) <= RankTolerance * scale)
            {
                continue;
            }

            for (var k = 0; k < columns; k++)
            {
                (a[(pivot * columns) + k], a[(rank * columns) + k]) = (a[(rank * columns) + k], a[(pivot * columns) + k]);
            }

            for (var r = rank + 1; r < rows; r++)
            {
                var factor = a[(r * columns) + c] / a[(rank * columns) + c];
                for (var k = c; k < columns; k++)
                {
                    a[(r * columns) + k] -= factor * a[(rank * columns) + k];
                }
            }

            rank++;
        }

        return rank;
    }
}
