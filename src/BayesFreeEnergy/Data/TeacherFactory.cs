using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Data;

/// <summary>Random teacher networks for realizable experiments.</summary>
public static class TeacherFactory
{
    private const int ReferenceInputs = 4096;
    private const double MinimumRowNorm = 0.3;

    /// <summary>
    /// Draws a teacher of architecture <paramref name="architecture"/> from <paramref name="seed"/>: weights N(0, 1/fan-in)
    /// so units stay O(1) (rows with norm below 0.3 are redrawn), biases N(0, 1).
    /// </summary>
    /// <param name="architecture">The teacher's architecture.</param>
    /// <param name="seed">Seed of the teacher's random stream.</param>
    /// <param name="kinksInside">
    /// When true, every hidden unit's bias is set so that its pre-activation changes sign inside the input
    /// support [-1, 1]^M: between 20% and 80% of a fixed reference sample of inputs activate it. No unit is then
    /// dead or linear on the support, which the learning-coefficient bound assumes.
    /// </param>
    public static Network CreateRandom(Architecture architecture, long seed, bool kinksInside)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var random = new RandomStream(seed, stream: 0x7EAC);
        var parameters = new double[architecture.ParameterCount];
        for (var k = 1; k <= architecture.LayerCount; k++)
        {
            var shape = architecture.Layer(k);
            var scale = 1 / Math.Sqrt(shape.Inputs);
            for (var j = 0; j < shape.Outputs; j++)
            {
                // Redraw rows far shorter than their expected unit length: a near-zero incoming vector is a unit
                // that is almost constant on the support, which no finite sample can tell from a missing one.
                do
                {
                    for (var i = 0; i < shape.Inputs; i++)
                    {
                        parameters[shape.WeightOffset + (j * shape.Inputs) + i] = scale * random.NextGaussian();
                    }
                }
                while (System.Numerics.Tensors.TensorPrimitives.Norm<double>(parameters.AsSpan(shape.WeightOffset + (j * shape.Inputs), shape.Inputs)) < MinimumRowNorm);

                if (shape.HasBias)
                {
                    parameters[shape.BiasOffset + j] = random.NextGaussian();
                }
            }
        }

        if (kinksInside && architecture.Activation == Activation.Relu)
        {
            if (!architecture.HasBiases)
            {
                throw new ArgumentException("placing kinks inside the support needs biases", nameof(architecture));
            }

            PlaceKinksInside(architecture, parameters, random);
        }

        return new Network(architecture, parameters);
    }

    // Layer by layer, shift each hidden unit's bias so that a random quantile in [0.2, 0.8] of its
    // pre-activation over a reference sample sits at zero; deeper layers see the already-shifted earlier ones.
    private static void PlaceKinksInside(Architecture architecture, double[] parameters, RandomStream random)
    {
        var inputs = new double[ReferenceInputs][];
        for (var t = 0; t < ReferenceInputs; t++)
        {
            inputs[t] = [.. Enumerable.Range(0, architecture.InputWidth).Select(_ => (2 * random.NextDouble()) - 1)];
        }

        var layerInputs = inputs;
        for (var k = 1; k < architecture.LayerCount; k++)
        {
            var shape = architecture.Layer(k);
            var network = new Network(architecture, parameters);
            var pre = layerInputs.Select(o => network.PreActivations(k, o)).ToArray();
            for (var j = 0; j < shape.Outputs; j++)
            {
                var values = pre.Select(p => p[j]).Order().ToArray();
                var quantile = 0.2 + (0.6 * random.NextDouble());
                var shift = values[(int)(quantile * (values.Length - 1))];
                parameters[shape.BiasOffset + j] -= shift;
                foreach (var p in pre)
                {
                    p[j] -= shift;
                }
            }

            layerInputs = [.. pre.Select(p => p.Select(z => Math.Max(0, z)).ToArray())];
        }
    }

    /// <summary>
    /// A linear teacher (identity activation, no biases) whose product matrix has rank <paramref name="rank"/>: only the
    /// first r units of every hidden layer carry signal, with N(0, 1) weights from <paramref name="seed"/>. Its exact
    /// learning coefficient is <see cref="Theory.DeepLinearNetwork.LearningCoefficient"/> of the widths and r.
    /// </summary>
    public static Network CreateLowRankLinear(IReadOnlyList<int> widths, int rank, long seed)
    {
        var architecture = new Architecture(widths, Activation.Identity, hasBiases: false);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, widths.Min());
        var random = new RandomStream(seed, stream: 0x11AEA5);
        var parameters = new double[architecture.ParameterCount];
        for (var k = 1; k <= architecture.LayerCount; k++)
        {
            var layer = architecture.Layer(k);
            for (var j = 0; j < layer.Outputs; j++)
            {
                for (var i = 0; i < layer.Inputs; i++)
                {
                    var signal = k == 1 ? j < rank : k == architecture.LayerCount ? i < rank : i < rank && j < rank;
                    parameters[layer.WeightOffset + (j * layer.Inputs) + i] = signal ? random.NextGaussian() : 0;
                }
            }
        }

        return new Network(architecture, parameters);
    }

    /// <summary>
    /// Draws n inputs x ~ Uniform[-1, 1]^M and outputs y = f(x, w*) + N(0, s^2 I_N).
    /// </summary>
    public static Dataset GenerateData(Network teacher, int count, double noise, long seed)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!(noise >= 0) || !double.IsFinite(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "the noise standard deviation must be non-negative and finite");
        }

        var m = teacher.Architecture.InputWidth;
        var n = teacher.Architecture.OutputWidth;
        var random = new RandomStream(seed, stream: 0xDA7A);
        var inputs = new double[count * m];
        var targets = new double[count * n];
        for (var s = 0; s < count; s++)
        {
            var x = inputs.AsSpan(s * m, m);
            for (var i = 0; i < m; i++)
            {
                x[i] = (2 * random.NextDouble()) - 1;
            }

            var y = targets.AsSpan(s * n, n);
            teacher.Evaluate(x, y);
            for (var o = 0; o < n; o++)
            {
                y[o] += noise * random.NextGaussian();
            }
        }

        return new Dataset(inputs, m, targets, n);
    }
}
