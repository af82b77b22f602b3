using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BayesFreeEnergy.Networks;

/// <summary>
/// Forward pass and backpropagation of one architecture over a fixed batch of inputs, in a reusable
/// workspace: after construction no call allocates. Not thread-safe; give each chain its own.
/// </summary>
/// <remarks>
/// Activations are stored feature-major (one row of <see cref="Stride"/> doubles per unit, one column per
/// data point), so every kernel is a long SIMD loop over data points whatever the widths are; a tiny
/// network such as 1-5-5-1 vectorizes as well as a wide one. The column count is padded to a whole number
/// of SIMD chunks: padded inputs are zero and the caller keeps the output gradient zero there, so padding
/// never reaches a parameter gradient.
/// </remarks>
public sealed class BatchNetwork
{
    private const int VectorsPerChunk = 4;
    private static readonly int ChunkWidth = Vector<double>.Count * VectorsPerChunk;

    // Columns per block of the weight-gradient kernel: 6 rows of 256 doubles stay in L1.
    private const int ColumnBlock = 256;

    private readonly LayerShape[] _layers;
    private readonly bool _relu;

    // _activations[0] holds the inputs, _activations[k] the output of layer k (the last is f(x, w)).
    private readonly double[][] _activations;

    // _deltas[k] is d(objective)/d(pre-activation of layer k); _deltas[L] is set by the caller.
    private readonly double[][] _deltas;

    /// <summary>Creates a workspace for <paramref name="architecture"/> over the inputs of a data set.</summary>
    /// <param name="architecture">The network's architecture.</param>
    /// <param name="inputs">Row-major inputs, <paramref name="count"/> rows of M values.</param>
    /// <param name="count">Number of data points n.</param>
    public BatchNetwork(Architecture architecture, ReadOnlySpan<double> inputs, int count)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var m = architecture.InputWidth;
        if (inputs.Length != count * m)
        {
            throw new ArgumentException($"expected {count} x {m} inputs, got {inputs.Length} values", nameof(inputs));
        }

        Architecture = architecture;
        Count = count;
        Stride = (count + ChunkWidth - 1) / ChunkWidth * ChunkWidth;
        _relu = architecture.Activation == Activation.Relu;
        _layers = [.. Enumerable.Range(1, architecture.LayerCount).Select(architecture.Layer)];
        _activations = [.. architecture.Widths.Select(h => new double[h * Stride])];
        _deltas = [.. architecture.Widths.Select((h, k) => k == 0 ? [] : new double[h * Stride])];
        Gather(inputs, m, default, count, _activations[0], Stride);
    }

    /// <summary>
    /// Replaces the batch's inputs with rows <paramref name="rows"/> of the row-major <paramref name="source"/>
    /// (minibatches for stochastic-gradient samplers); the number of rows must equal <see cref="Count"/>.
    /// </summary>
    public void LoadInputs(ReadOnlySpan<double> source, ReadOnlySpan<int> rows)
    {
        if (rows.Length != Count)
        {
            throw new ArgumentException($"expected {Count} rows, got {rows.Length}", nameof(rows));
        }

        Gather(source, Architecture.InputWidth, rows, Count, _activations[0], Stride);
    }

    /// <summary>
    /// Transposes <paramref name="count"/> rows of the row-major <paramref name="source"/> (rows <paramref name="rows"/>,
    /// or the first <paramref name="count"/> when empty) into feature-major rows of length <paramref name="stride"/>.
    /// </summary>
    internal static void Gather(ReadOnlySpan<double> source, int width, ReadOnlySpan<int> rows, int count, Span<double> destination, int stride)
    {
        for (var s = 0; s < count; s++)
        {
            var row = rows.IsEmpty ? s : rows[s];
            for (var i = 0; i < width; i++)
            {
                destination[(i * stride) + s] = source[(row * width) + i];
            }
        }
    }

    /// <summary>The architecture evaluated.</summary>
    public Architecture Architecture { get; }

    /// <summary>Number of data points n.</summary>
    public int Count { get; }

    /// <summary>Row length of every feature-major buffer: n rounded up to a whole SIMD chunk.</summary>
    public int Stride { get; }

    /// <summary>
    /// The network outputs of the last <see cref="Forward"/>: output unit o for data point s is at
    /// <c>o * Stride + s</c>; columns at or beyond <see cref="Count"/> are padding.
    /// </summary>
    public ReadOnlySpan<double> Outputs => _activations[^1];

    /// <summary>
    /// Where the caller writes d(objective)/d(output) before <see cref="Backward"/>, laid out as
    /// <see cref="Outputs"/>. Padding columns must stay zero.
    /// </summary>
    public Span<double> OutputGradient => _deltas[^1];

    /// <summary>Computes f(x_s, w) for every data point; read them from <see cref="Outputs"/>.</summary>
    public void Forward(ReadOnlySpan<double> parameters)
    {
        CheckLength(parameters);
        for (var k = 0; k < _layers.Length; k++)
        {
            var layer = _layers[k];
            var last = k == _layers.Length - 1;
            var weights = parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);
            var bias = layer.HasBias ? parameters.Slice(layer.BiasOffset, layer.Outputs) : default;
            ChunkedProduct(weights, layer.Inputs, 1, layer.Inputs, bias, _activations[k], _activations[k + 1], layer.Outputs,
                last || !_relu ? Epilogue.None : Epilogue.Relu, default);
        }
    }

    /// <summary>
    /// Backpropagates <see cref="OutputGradient"/> through the network evaluated by the last
    /// <see cref="Forward"/> and adds d(objective)/d(w) to <paramref name="gradient"/>.
    /// </summary>
    public void Backward(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        CheckLength(parameters);
        CheckLength(gradient);
        for (var k = _layers.Length - 1; k >= 0; k--)
        {
            var layer = _layers[k];
            var weights = parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);
            AccumulateWeightGradient(_deltas[k + 1], _activations[k], layer, gradient);
            if (k > 0)
            {
                // delta_{k-1} = (W_k^T delta_k) masked by the derivative of the activation at layer k-1.
                ChunkedProduct(weights, 1, layer.Inputs, layer.Outputs, default, _deltas[k + 1], _deltas[k], layer.Inputs,
                    _relu ? Epilogue.ReluMask : Epilogue.None, _activations[k]);
            }
        }
    }

    private void CheckLength(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != Architecture.ParameterCount)
        {
            throw new ArgumentException(
                $"expected {Architecture.ParameterCount} parameters for {Architecture}, got {parameters.Length}", nameof(parameters));
        }
    }

    private enum Epilogue
    {
        None,
        Relu,
        ReluMask,
    }

    /// <summary>
    /// output[r, :] = epilogue(bias[r] + sum_c A(r, c) input[c, :]) with A(r, c) = matrix[r * rowStep + c * colStep],
    /// so the same kernel does W x (rowStep = inputs, colStep = 1) and W^T x (rowStep = 1, colStep = inputs).
    /// Columns are processed a cache-sized chunk at a time; two rows share each load of the input, so four loads
    /// feed eight fused multiply-adds.
    /// </summary>
    private void ChunkedProduct(ReadOnlySpan<double> matrix, int rowStep, int colStep, int sumLength, ReadOnlySpan<double> bias,
        double[] input, double[] output, int rows, Epilogue epilogue, double[]? mask)
    {
        var width = Vector<double>.Count;
        var stride = Stride;
        ref var a = ref MemoryMarshal.GetReference(matrix);
        ref var inRef = ref MemoryMarshal.GetArrayDataReference(input);
        ref var outRef = ref MemoryMarshal.GetArrayDataReference(output);
        ref var maskRef = ref mask is null ? ref Unsafe.NullRef<double>() : ref MemoryMarshal.GetArrayDataReference(mask);
        var hasBias = !bias.IsEmpty;
        for (var c0 = 0; c0 < stride; c0 += ChunkWidth)
        {
            ref var column = ref Unsafe.Add(ref inRef, c0);
            for (var r = 0; r < rows; r += 2)
            {
                // An odd last row is computed twice over (r + 1 clamps to r); both results are the same.
                var r1 = Math.Min(r + 1, rows - 1);
                var start0 = hasBias ? new Vector<double>(bias[r]) : Vector<double>.Zero;
                var start1 = hasBias ? new Vector<double>(bias[r1]) : Vector<double>.Zero;
                Vector<double> p0 = start0, p1 = start0, p2 = start0, p3 = start0;
                Vector<double> q0 = start1, q1 = start1, q2 = start1, q3 = start1;
                ref var coefficient0 = ref Unsafe.Add(ref a, r * rowStep);
                ref var coefficient1 = ref Unsafe.Add(ref a, r1 * rowStep);
                for (var c = 0; c < sumLength; c++)
                {
                    var u = new Vector<double>(Unsafe.Add(ref coefficient0, c * colStep));
                    var v = new Vector<double>(Unsafe.Add(ref coefficient1, c * colStep));
                    ref var x = ref Unsafe.Add(ref column, c * stride);
                    var x0 = Load(ref x, 0);
                    var x1 = Load(ref x, width);
                    var x2 = Load(ref x, 2 * width);
                    var x3 = Load(ref x, 3 * width);
                    p0 = Vector.FusedMultiplyAdd(u, x0, p0);
                    p1 = Vector.FusedMultiplyAdd(u, x1, p1);
                    p2 = Vector.FusedMultiplyAdd(u, x2, p2);
                    p3 = Vector.FusedMultiplyAdd(u, x3, p3);
                    q0 = Vector.FusedMultiplyAdd(v, x0, q0);
                    q1 = Vector.FusedMultiplyAdd(v, x1, q1);
                    q2 = Vector.FusedMultiplyAdd(v, x2, q2);
                    q3 = Vector.FusedMultiplyAdd(v, x3, q3);
                }

                var offset0 = (r * stride) + c0;
                var offset1 = (r1 * stride) + c0;
                Finish(p0, p1, p2, p3, ref Unsafe.Add(ref outRef, offset0), epilogue, ref Unsafe.Add(ref maskRef, offset0));
                Finish(q0, q1, q2, q3, ref Unsafe.Add(ref outRef, offset1), epilogue, ref Unsafe.Add(ref maskRef, offset1));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(Vector<double> acc0, Vector<double> acc1, Vector<double> acc2, Vector<double> acc3,
        ref double target, Epilogue epilogue, ref double mask)
    {
        var width = Vector<double>.Count;
        if (epilogue == Epilogue.Relu)
        {
            acc0 = Vector.Max(acc0, Vector<double>.Zero);
            acc1 = Vector.Max(acc1, Vector<double>.Zero);
            acc2 = Vector.Max(acc2, Vector<double>.Zero);
            acc3 = Vector.Max(acc3, Vector<double>.Zero);
        }
        else if (epilogue == Epilogue.ReluMask)
        {
            // ReLU'(z) = 1 where the unit's output is positive, 0 where it is clipped.
            acc0 = Vector.ConditionalSelect(Vector.GreaterThan(Load(ref mask, 0), Vector<double>.Zero), acc0, Vector<double>.Zero);
            acc1 = Vector.ConditionalSelect(Vector.GreaterThan(Load(ref mask, width), Vector<double>.Zero), acc1, Vector<double>.Zero);
            acc2 = Vector.ConditionalSelect(Vector.GreaterThan(Load(ref mask, 2 * width), Vector<double>.Zero), acc2, Vector<double>.Zero);
            acc3 = Vector.ConditionalSelect(Vector.GreaterThan(Load(ref mask, 3 * width), Vector<double>.Zero), acc3, Vector<double>.Zero);
        }

        Store(acc0, ref target, 0);
        Store(acc1, ref target, width);
        Store(acc2, ref target, 2 * width);
        Store(acc3, ref target, 3 * width);
    }

    /// <summary>
    /// gradW[j, i] += sum_s delta[j, s] input[i, s]; gradb[j] += sum_s delta[j, s]. Columns go in blocks small
    /// enough for both operands to stay in cache, and each pass computes a 2 x 4 tile of gradW so that six
    /// loads feed eight fused multiply-adds.
    /// </summary>
    private void AccumulateWeightGradient(double[] delta, double[] input, LayerShape layer, Span<double> gradient)
    {
        ref var d = ref MemoryMarshal.GetArrayDataReference(delta);
        ref var x = ref MemoryMarshal.GetArrayDataReference(input);
        ref var g = ref MemoryMarshal.GetReference(gradient);
        var stride = Stride;
        var inputs = layer.Inputs;
        for (var s0 = 0; s0 < stride; s0 += ColumnBlock)
        {
            var length = Math.Min(ColumnBlock, stride - s0);
            var j = 0;
            for (; j + 2 <= layer.Outputs; j += 2)
            {
                ref var d0 = ref Unsafe.Add(ref d, (j * stride) + s0);
                ref var d1 = ref Unsafe.Add(ref d0, stride);
                ref var g0 = ref Unsafe.Add(ref g, layer.WeightOffset + (j * inputs));
                ref var g1 = ref Unsafe.Add(ref g0, inputs);
                var i = 0;
                for (; i + 4 <= inputs; i += 4)
                {
                    TileTwoByFour(ref d0, ref d1, ref Unsafe.Add(ref x, (i * stride) + s0), length, ref Unsafe.Add(ref g0, i), ref Unsafe.Add(ref g1, i));
                }

                for (; i < inputs; i++)
                {
                    ref var xi = ref Unsafe.Add(ref x, (i * stride) + s0);
                    Unsafe.Add(ref g0, i) += Dot(ref d0, ref xi, length);
                    Unsafe.Add(ref g1, i) += Dot(ref d1, ref xi, length);
                }
            }

            for (; j < layer.Outputs; j++)
            {
                ref var d0 = ref Unsafe.Add(ref d, (j * stride) + s0);
                ref var g0 = ref Unsafe.Add(ref g, layer.WeightOffset + (j * inputs));
                for (var i = 0; i < inputs; i++)
                {
                    Unsafe.Add(ref g0, i) += Dot(ref d0, ref Unsafe.Add(ref x, (i * stride) + s0), length);
                }
            }

            if (layer.HasBias)
            {
                for (j = 0; j < layer.Outputs; j++)
                {
                    Unsafe.Add(ref g, layer.BiasOffset + j) += Sum(ref Unsafe.Add(ref d, (j * stride) + s0), length);
                }
            }
        }
    }

    private void TileTwoByFour(ref double d0, ref double d1, ref double x0, int length, ref double g0, ref double g1)
    {
        var width = Vector<double>.Count;
        var stride = Stride;
        ref var x1 = ref Unsafe.Add(ref x0, stride);
        ref var x2 = ref Unsafe.Add(ref x1, stride);
        ref var x3 = ref Unsafe.Add(ref x2, stride);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector<double> b0 = default, b1 = default, b2 = default, b3 = default;
        for (var s = 0; s < length; s += width)
        {
            var u = Load(ref d0, s);
            var v = Load(ref d1, s);
            var y0 = Load(ref x0, s);
            var y1 = Load(ref x1, s);
            var y2 = Load(ref x2, s);
            var y3 = Load(ref x3, s);
            a0 = Vector.FusedMultiplyAdd(u, y0, a0);
            a1 = Vector.FusedMultiplyAdd(u, y1, a1);
            a2 = Vector.FusedMultiplyAdd(u, y2, a2);
            a3 = Vector.FusedMultiplyAdd(u, y3, a3);
            b0 = Vector.FusedMultiplyAdd(v, y0, b0);
            b1 = Vector.FusedMultiplyAdd(v, y1, b1);
            b2 = Vector.FusedMultiplyAdd(v, y2, b2);
            b3 = Vector.FusedMultiplyAdd(v, y3, b3);
        }

        g0 += Vector.Sum(a0);
        Unsafe.Add(ref g0, 1) += Vector.Sum(a1);
        Unsafe.Add(ref g0, 2) += Vector.Sum(a2);
        Unsafe.Add(ref g0, 3) += Vector.Sum(a3);
        g1 += Vector.Sum(b0);
        Unsafe.Add(ref g1, 1) += Vector.Sum(b1);
        Unsafe.Add(ref g1, 2) += Vector.Sum(b2);
        Unsafe.Add(ref g1, 3) += Vector.Sum(b3);
    }

    private static double Dot(ref double a, ref double b, int length)
    {
        var width = Vector<double>.Count;
        Vector<double> s0 = default, s1 = default;
        for (var s = 0; s < length; s += 2 * width)
        {
            s0 = Vector.FusedMultiplyAdd(Load(ref a, s), Load(ref b, s), s0);
            s1 = Vector.FusedMultiplyAdd(Load(ref a, s + width), Load(ref b, s + width), s1);
        }

        return Vector.Sum(s0 + s1);
    }

    private static double Sum(ref double a, int length)
    {
        var width = Vector<double>.Count;
        Vector<double> s0 = default, s1 = default;
        for (var s = 0; s < length; s += 2 * width)
        {
            s0 += Load(ref a, s);
            s1 += Load(ref a, s + width);
        }

        return Vector.Sum(s0 + s1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Load(ref double source, int offset) =>
        Vector.LoadUnsafe(ref source, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<double> value, ref double destination, int offset) =>
        value.StoreUnsafe(ref destination, (nuint)offset);
}
