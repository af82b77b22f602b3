using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Data;

/// <summary>Random teacher networks for realizable experiments.</summary>
public static class TeacherFactory
{
    private const int ReferenceInputs = 4096;
    private const int EffectInputs = 1024;
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
    /// dead or linear on the support, which the learning-coefficient bound assumes. The teacher is also drawn again
    /// (up to 256 times, keeping the best) until every hidden unit's <see cref="UnitEffects"/> is at least
    /// <see cref="MinimumUnitEffect"/>: a unit that barely moves the output is one no realistic sample resolves, and a
    /// model of the teacher's size then behaves as a smaller one. The first draw is the teacher of earlier versions. Teachers
    /// of more than 32 hidden units are not redrawn: their units' effects shrink with the width by design.
    /// </param>
    public static Network CreateRandom(Architecture architecture, long seed, bool kinksInside)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var random = new RandomStream(seed, stream: 0x7EAC);
        if (!kinksInside || architecture.Activation != Activation.Relu)
        {
            return Draw(architecture, random, kinksInside: false);
        }

        if (!architecture.HasBiases)
        {
            throw new ArgumentException("placing kinks inside the support needs biases", nameof(architecture));
        }

        if (architecture.HiddenUnitCount > MaximumRedrawnUnits)
        {
            return Draw(architecture, random, kinksInside: true);
        }

        Network? best = null;
        var bestEffect = double.NegativeInfinity;
        var sample = EffectSample(architecture.InputWidth);
        for (var attempt = 0; attempt < MaximumDraws; attempt++)
        {
            var teacher = Draw(architecture, random, kinksInside: true);
            var weakest = UnitEffectsOn(teacher, sample).DefaultIfEmpty(double.PositiveInfinity).Min();
            if (weakest >= MinimumUnitEffect)
            {
                return teacher;
            }

            if (weakest > bestEffect)
            {
                (best, bestEffect) = (teacher, weakest);
            }
        }

        return best!;
    }

    /// <summary>
    /// The smallest effect (<see cref="UnitEffects"/>) a hidden unit of a teacher from <see cref="CreateRandom"/> with
    /// kinks inside may have. Removing a unit of effect e raises n L_n by about n e^2 / (2 s^2): 50 nats at the
    /// smallest n of the experiments (400) and the usual noise s = 0.1, three times the (log n)/2 per parameter of a
    /// small unit that a posterior saves by dropping it, so no posterior from n = 400 on prefers the smaller network.
    /// </summary>
    public const double MinimumUnitEffect = 0.05;

    /// <summary>Teachers with more hidden units than this are not redrawn (their units' effects shrink with the width).</summary>
    public const int MaximumRedrawnUnits = 32;

    private const int MaximumDraws = 256;

    /// <summary>
    /// How much each hidden unit of <paramref name="network"/> shapes its output, in hidden-unit order (layer by layer):
    /// the root mean square, over a fixed uniform sample of 1024 inputs from [-1, 1]^M, of the change of the output
    /// (Euclidean norm over outputs) when the unit is removed, its outgoing weights set to zero.
    /// </summary>
    public static double[] UnitEffects(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return UnitEffectsOn(network, EffectSample(network.Architecture.InputWidth));
    }

    // The fixed uniform inputs the effects are measured on (drawn once per teacher search, not once per draw).
    private static double[][] EffectSample(int inputWidth)
    {
        var random = new RandomStream(0x5EF, stream: 0x1A9);
        return [.. Enumerable.Range(0, EffectInputs).Select(_ => Enumerable.Range(0, inputWidth).Select(_ => (2 * random.NextDouble()) - 1).ToArray())];
    }

    private static double[] UnitEffectsOn(Network network, double[][] inputs)
    {
        var architecture = network.Architecture;
        var full = Outputs(network, inputs);
        var parameters = network.Parameters.ToArray();
        var effects = new List<double>();
        for (var k = 1; k < architecture.LayerCount; k++)
        {
            var next = architecture.Layer(k + 1);
            for (var j = 0; j < next.Inputs; j++)
            {
                var removed = (double[])parameters.Clone();
                for (var o = 0; o < next.Outputs; o++)
                {
                    removed[next.WeightOffset + (o * next.Inputs) + j] = 0;
                }

                var without = Outputs(new Network(architecture, removed), inputs);
                var squares = full.Zip(without, (y, z) => System.Numerics.Tensors.TensorPrimitives.Distance<double>(y, z)).Sum(e => e * e);
                effects.Add(Math.Sqrt(squares / inputs.Length));
            }
        }

        return [.. effects];
    }

    private static double[][] Outputs(Network network, double[][] inputs) =>
        [.. inputs.Select(x =>
        {
            var y = new double[network.Architecture.OutputWidth];
            network.Evaluate(x, y);
            return y;
        })];

    private static Network Draw(Architecture architecture, RandomStream random, bool kinksInside)
    {
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

        if (kinksInside)
        {
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
    /// first r units of every hidden layer carry signal, from <paramref name="seed"/>. Its exact learning coefficient is
    /// <see cref="Theory.DeepLinearNetwork.LearningCoefficient"/> of the widths and r.
    /// </summary>
    /// <param name="widths">Input, hidden and output widths; at least two.</param>
    /// <param name="rank">r, Range: 0..min widths.</param>
    /// <param name="seed">Seed of the weights.</param>
    /// <param name="orthogonal">
    /// False: N(0, 1) weights, whose products grow with depth (r^(L/2) in scale). True: every r x r block a random
    /// orthogonal matrix, so the product keeps unit gains at any depth and the loss's curvature stays moderate: the choice
    /// for deep networks, where Gaussian blocks make the curvature range over many orders of magnitude.
    /// </param>
    public static Network CreateLowRankLinear(IReadOnlyList<int> widths, int rank, long seed, bool orthogonal = false)
    {
        var architecture = new Architecture(widths, Activation.Identity, hasBiases: false);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, widths.Min());
        var random = new RandomStream(seed, stream: 0x11AEA5);
        var parameters = new double[architecture.ParameterCount];
        for (var k = 1; k <= architecture.LayerCount; k++)
        {
            var layer = architecture.Layer(k);
            var rows = k > 1 && k == architecture.LayerCount ? layer.Outputs : rank; // the last layer maps r units to every output
            var columns = k == 1 ? layer.Inputs : rank;
            var block = new double[rows * columns];
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = random.NextGaussian();
            }

            if (orthogonal)
            {
                Orthonormalize(block, rows, columns);
            }

            for (var j = 0; j < rows; j++)
            {
                block.AsSpan(j * columns, columns).CopyTo(parameters.AsSpan(layer.WeightOffset + (j * layer.Inputs), columns));
            }
        }

        return new Network(architecture, parameters);
    }

    // Gram-Schmidt on the shorter side of a rows x columns block, so its r singular values are all 1.
    private static void Orthonormalize(double[] block, int rows, int columns)
    {
        var alongRows = rows <= columns;
        var (count, length) = alongRows ? (rows, columns) : (columns, rows);
        double Get(int v, int e) => alongRows ? block[(v * columns) + e] : block[(e * columns) + v];
        void Set(int v, int e, double x)
        {
            if (alongRows)
            {
                block[(v * columns) + e] = x;
            }
            else
            {
                block[(e * columns) + v] = x;
            }
        }

        for (var v = 0; v < count; v++)
        {
            for (var u = 0; u < v; u++)
            {
                var dot = 0.0;
                for (var e = 0; e < length; e++)
                {
                    dot += Get(v, e) * Get(u, e);
                }

                for (var e = 0; e < length; e++)
                {
                    Set(v, e, Get(v, e) - (dot * Get(u, e)));
                }
            }

            var norm = 0.0;
            for (var e = 0; e < length; e++)
            {
                norm += Get(v, e) * Get(v, e);
            }

            norm = Math.Sqrt(norm);
            for (var e = 0; e < length; e++)
            {
                Set(v, e, Get(v, e) / norm);
            }
        }
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
