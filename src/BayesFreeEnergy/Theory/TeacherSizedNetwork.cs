using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Theory;

/// <summary>
/// The learning coefficient of a model of its teacher's own size (docs/theory.md section 4). Near a generic teacher w0 the
/// map w -> f(., w) has constant rank r (the rank of the Jacobian of the outputs over the input support), so by the
/// constant-rank theorem the true parameters near w0 form a (d - r)-dimensional manifold across which K(w) grows
/// quadratically in r directions: the local coefficient at w0 is r / 2. When the map is injective up to each hidden unit's
/// positive scaling, r = d - U, the true parameters are the scaling orbits (and permutations), the rank is the same all
/// along them, and lambda = (d - U) / 2 exactly. Otherwise (a deep network on one input: its function is piecewise linear
/// with K kinks, 2K + 2 numbers, often fewer than d - U) the true set is larger and may pass through more singular points,
/// and since lambda is the smallest local coefficient over it, only lambda &lt;= r / 2 is known.
/// </summary>
public static class TeacherSizedNetwork
{
    private const int ReferenceInputs = 2048;

    /// <summary>
    /// rank(J) / 2 at <paramref name="teacher"/>, J the Jacobian of f over 2048 uniform inputs from [-1, 1]^M: lambda
    /// exactly when <see cref="IsIdentifiable"/>, else an upper bound on it.
    /// </summary>
    public static double LearningCoefficient(Network teacher) => JacobianRank(teacher) / 2.0;

    /// <summary>Whether the teacher's network is identifiable up to scaling and permutation: rank(J) = d - U.</summary>
    public static bool IsIdentifiable(Network teacher)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        return JacobianRank(teacher) == teacher.Architecture.ParameterCount - teacher.Architecture.HiddenUnitCount;
    }

    /// <summary>
    /// The rank of the Jacobian of the outputs f(x_s, w) (every output at every reference input) with respect to w at
    /// <paramref name="teacher"/>: the eigenvalues of J^T J above 1e-9 times the largest (exact gradients by backpropagation).
    /// </summary>
    public static int JacobianRank(Network teacher)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        var architecture = teacher.Architecture;
        var d = architecture.ParameterCount;
        var m = architecture.InputWidth;
        var random = new RandomStream(0x1AC0B1, stream: 3);
        var gram = new double[d * d];
        var row = new double[d];
        var network = new BatchNetwork(architecture, new double[m], 1);
        var input = new double[m];
        for (var s = 0; s < ReferenceInputs; s++)
        {
            for (var i = 0; i < m; i++)
            {
                input[i] = (2 * random.NextDouble()) - 1;
            }

            network.LoadInputs(input, [0]);
            network.Forward(teacher.Parameters);
            for (var o = 0; o < architecture.OutputWidth; o++)
            {
                var seed = network.OutputGradient;
                seed.Clear();
                seed[o * network.Stride] = 1;
                Array.Clear(row);
                network.Backward(teacher.Parameters, row);
                for (var a = 0; a < d; a++)
                {
                    if (row[a] == 0)
                    {
                        continue;
                    }

                    for (var b = 0; b < d; b++)
                    {
                        gram[(a * d) + b] += row[a] * row[b];
                    }
                }
            }
        }

        var eigenvalues = SymmetricEigen.Eigenvalues(gram, d);
        var largest = eigenvalues[^1];
        return largest > 0 ? eigenvalues.Count(v => v > 1e-9 * largest) : 0;
    }
}
