using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BayesFreeEnergy.Numerics;

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
/// never reaches a parameter gradient. The kernels use the widest vectors the CPU accelerates (AVX-512 where
/// present) unless a layer is too wide for their chunks to stay in L1, and every row starts on a 64-byte boundary
/// so that no vector load straddles two cache lines.
/// </remarks>
public sealed class BatchNetwork
{
    // Vectors per chunk of columns: 4, or 8 where both fit the cache budget (fewer chunks, so less fixed cost per
    // chunk); the stride is a whole number of 4-vector chunks, so n = 200 is not padded to a multiple of 64.
    private const int ChunkVectors = 4;
    private const int WideChunkVectors = 8;
    private const int CacheLineDoubles = 8;

    // Bytes allowed for one chunk of the widest layer's input and output: the products revisit the input chunk
    // for every pair of output rows, so it has to stay in L1 (48 KiB on current x64 cores) beside the output.
    private const int ChunkCacheBytes = 32 * 1024;

    // Columns per block of the weight-gradient kernel: 6 rows of 256 doubles stay in L1.
    private const int ColumnBlock = 256;

    private readonly LayerShape[] _layers;
    private readonly bool _relu;

    // Doubles per vector in the kernels (8: AVX-512, 4: AVX2, 2: SSE or NEON), and whether chunks are 8 vectors.
    private readonly int _lanes;
    private readonly bool _wideChunks;

    // Every feature-major buffer lives in this pinned block, which never moves, so alignment set once holds.
    private readonly double[] _memory;

    // Where _memory's buffers start: _activations[0] holds the inputs, _activations[k] the output of layer k
    // (the last is f(x, w)); _deltas[k] is d(objective)/d(pre-activation of layer k), _deltas[L] set by the caller.
    private readonly int[] _activations;
    private readonly int[] _deltas;

    /// <summary>Creates a workspace for <paramref name="architecture"/> over the inputs of a data set.</summary>
    /// <param name="architecture">The network's architecture.</param>
    /// <param name="inputs">Row-major inputs, <paramref name="count"/> rows of M values.</param>
    /// <param name="count">Number of data points n.</param>
    public BatchNetwork(Architecture architecture, ReadOnlySpan<double> inputs, int count)
        : this(architecture, inputs, count, DefaultLanes(architecture))
    {
    }

    /// <summary>As the public constructor, with the vector width forced (2, 4 or 8 doubles): tests cover every kernel.</summary>
    internal BatchNetwork(Architecture architecture, ReadOnlySpan<double> inputs, int count, int lanes)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (lanes is not (2 or 4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "kernels exist for 2, 4 and 8 doubles per vector");
        }

        var m = architecture.InputWidth;
        if (inputs.Length != count * m)
        {
            throw new ArgumentException($"expected {count} x {m} inputs, got {inputs.Length} values", nameof(inputs));
        }

        Architecture = architecture;
        Count = count;
        _lanes = lanes;
        _wideChunks = FitsCache(architecture.Widths.Max(), lanes, WideChunkVectors);
        var chunkWidth = lanes * ChunkVectors;
        Stride = (count + chunkWidth - 1) / chunkWidth * chunkWidth;
        _relu = architecture.Activation == Activation.Relu;
        _layers = [.. Enumerable.Range(1, architecture.LayerCount).Select(architecture.Layer)];

        var widths = architecture.Widths;
        var rows = (2 * widths.Sum()) - widths[0];
        _memory = GC.AllocateArray<double>((rows * Stride) + CacheLineDoubles, pinned: true);
        var next = AlignedStart(_memory);
        _activations = new int[widths.Count];
        _deltas = new int[widths.Count];
        for (var k = 0; k < widths.Count; k++)
        {
            _activations[k] = next;
            next += widths[k] * Stride;
            if (k > 0)
            {
                _deltas[k] = next;
                next += widths[k] * Stride;
            }
        }

        Gather(inputs, m, default, count, _memory.AsSpan(_activations[0]), Stride);
    }

    // The widest accelerated vectors whose chunks of the widest layer fit the cache budget. Wide chunks pay off on
    // narrow networks, where the fixed cost of each chunk dominates; on wide ones they would spill L1.
    private static int DefaultLanes(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return Vector512.IsHardwareAccelerated && FitsCache(architecture.Widths.Max(), Vector512<double>.Count, ChunkVectors)
            ? Vector512<double>.Count
            : Vector256.IsHardwareAccelerated ? Vector256<double>.Count : Vector128<double>.Count;
    }

    private static bool FitsCache(int maxWidth, int lanes, int vectors) => 2 * maxWidth * lanes * vectors * sizeof(double) <= ChunkCacheBytes;

    // Index of the first element of a pinned array that lies on a cache-line boundary.
    private static int AlignedStart(double[] pinned)
    {
        var misalignment = (int)((nuint)Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0) % (CacheLineDoubles * sizeof(double)));
        return misalignment == 0 ? 0 : CacheLineDoubles - (misalignment / sizeof(double));
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

        Gather(source, Architecture.InputWidth, rows, Count, _memory.AsSpan(_activations[0]), Stride);
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
    public ReadOnlySpan<double> Outputs => _memory.AsSpan(_activations[^1], Architecture.OutputWidth * Stride);

    /// <summary>
    /// Where the caller writes d(objective)/d(output) before <see cref="Backward"/>, laid out as
    /// <see cref="Outputs"/>. Padding columns must stay zero.
    /// </summary>
    public Span<double> OutputGradient => _memory.AsSpan(_deltas[^1], Architecture.OutputWidth * Stride);

    /// <summary>Computes f(x_s, w) for every data point; read them from <see cref="Outputs"/>.</summary>
    public void Forward(ReadOnlySpan<double> parameters)
    {
        CheckLength(parameters);
        switch (_lanes)
        {
            case 8:
                Forward<Simd512, Vector512<double>>(parameters);
                break;
            case 4:
                Forward<Simd256, Vector256<double>>(parameters);
                break;
            default:
                Forward<Simd128, Vector128<double>>(parameters);
                break;
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
        switch (_lanes)
        {
            case 8:
                Backward<Simd512, Vector512<double>>(parameters, gradient);
                break;
            case 4:
                Backward<Simd256, Vector256<double>>(parameters, gradient);
                break;
            default:
                Backward<Simd128, Vector128<double>>(parameters, gradient);
                break;
        }
    }

    private void Forward<TSimd, TVector>(ReadOnlySpan<double> parameters)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        for (var k = 0; k < _layers.Length; k++)
        {
            var layer = _layers[k];
            var last = k == _layers.Length - 1;
            var weights = parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);
            var bias = layer.HasBias ? parameters.Slice(layer.BiasOffset, layer.Outputs) : default;
            ChunkedProduct<TSimd, TVector>(weights, layer.Inputs, 1, layer.Inputs, bias, _activations[k], _activations[k + 1], layer.Outputs,
                last || !_relu ? Epilogue.None : Epilogue.Relu, 0);
        }
    }

    private void Backward<TSimd, TVector>(ReadOnlySpan<double> parameters, Span<double> gradient)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        for (var k = _layers.Length - 1; k >= 0; k--)
        {
            var layer = _layers[k];
            var weights = parameters.Slice(layer.WeightOffset, layer.Inputs * layer.Outputs);
            AccumulateWeightGradient<TSimd, TVector>(_deltas[k + 1], _activations[k], layer, gradient);
            if (k > 0)
            {
                // delta_{k-1} = (W_k^T delta_k) masked by the derivative of the activation at layer k-1.
                ChunkedProduct<TSimd, TVector>(weights, 1, layer.Inputs, layer.Outputs, default, _deltas[k + 1], _deltas[k], layer.Inputs,
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
    /// Buffers are given by where they start in the workspace. Columns go a chunk at a time: wide chunks while whole
    /// ones remain, then 4-vector ones.
    /// </summary>
    private void ChunkedProduct<TSimd, TVector>(ReadOnlySpan<double> matrix, int rowStep, int colStep, int sumLength, ReadOnlySpan<double> bias,
        int input, int output, int rows, Epilogue epilogue, int mask)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var c0 = 0;
        if (_wideChunks)
        {
            for (; c0 + (WideChunkVectors * _lanes) <= Stride; c0 += WideChunkVectors * _lanes)
            {
                ProductChunk<TSimd, TVector, Eight>(matrix, rowStep, colStep, sumLength, bias, input + c0, output + c0, rows, epilogue, mask + c0);
            }
        }

        for (; c0 < Stride; c0 += ChunkVectors * _lanes)
        {
            ProductChunk<TSimd, TVector, Four>(matrix, rowStep, colStep, sumLength, bias, input + c0, output + c0, rows, epilogue, mask + c0);
        }
    }

    /// <summary>
    /// One chunk of <see cref="ChunkedProduct"/>, TVectors.Value vectors wide: two rows share each load of the input,
    /// so four (eight) loads feed eight (sixteen) fused multiply-adds.
    /// </summary>
    private void ProductChunk<TSimd, TVector, TVectors>(ReadOnlySpan<double> matrix, int rowStep, int colStep, int sumLength, ReadOnlySpan<double> bias,
        int input, int output, int rows, Epilogue epilogue, int mask)
        where TSimd : ISimd<TVector>
        where TVector : struct
        where TVectors : struct, ICount
    {
        var width = (nuint)(Unsafe.SizeOf<TVector>() / sizeof(double));
        var wide = TVectors.Value == WideChunkVectors;
        var stride = Stride;
        ref var a = ref MemoryMarshal.GetReference(matrix);
        ref var memory = ref MemoryMarshal.GetArrayDataReference(_memory);
        ref var column = ref Unsafe.Add(ref memory, input);
        ref var outRef = ref Unsafe.Add(ref memory, output);
        ref var maskRef = ref Unsafe.Add(ref memory, mask);
        var hasBias = !bias.IsEmpty;
        for (var r = 0; r < rows; r += 2)
        {
            // An odd last row goes alone: its partner's accumulators are left unused.
            var pair = r + 1 < rows;
            var r1 = pair ? r + 1 : r;
            var start0 = hasBias ? TSimd.Broadcast(bias[r]) : TSimd.Zero;
            var start1 = hasBias ? TSimd.Broadcast(bias[r1]) : TSimd.Zero;
            TVector p0 = start0, p1 = start0, p2 = start0, p3 = start0, p4 = start0, p5 = start0, p6 = start0, p7 = start0;
            TVector q0 = start1, q1 = start1, q2 = start1, q3 = start1, q4 = start1, q5 = start1, q6 = start1, q7 = start1;
            ref var coefficient0 = ref Unsafe.Add(ref a, r * rowStep);
            ref var coefficient1 = ref Unsafe.Add(ref a, r1 * rowStep);
            for (var c = 0; c < sumLength; c++)
            {
                var u = TSimd.Broadcast(Unsafe.Add(ref coefficient0, c * colStep));
                var v = TSimd.Broadcast(Unsafe.Add(ref coefficient1, c * colStep));
                ref var x = ref Unsafe.Add(ref column, c * stride);
                var x0 = TSimd.Load(ref x, 0);
                var x1 = TSimd.Load(ref x, width);
                var x2 = TSimd.Load(ref x, 2 * width);
                var x3 = TSimd.Load(ref x, 3 * width);
                p0 = TSimd.MultiplyAdd(u, x0, p0);
                p1 = TSimd.MultiplyAdd(u, x1, p1);
                p2 = TSimd.MultiplyAdd(u, x2, p2);
                p3 = TSimd.MultiplyAdd(u, x3, p3);
                if (pair)
                {
                    q0 = TSimd.MultiplyAdd(v, x0, q0);
                    q1 = TSimd.MultiplyAdd(v, x1, q1);
                    q2 = TSimd.MultiplyAdd(v, x2, q2);
                    q3 = TSimd.MultiplyAdd(v, x3, q3);
                }

                if (wide)
                {
                    var x4 = TSimd.Load(ref x, 4 * width);
                    var x5 = TSimd.Load(ref x, 5 * width);
                    var x6 = TSimd.Load(ref x, 6 * width);
                    var x7 = TSimd.Load(ref x, 7 * width);
                    p4 = TSimd.MultiplyAdd(u, x4, p4);
                    p5 = TSimd.MultiplyAdd(u, x5, p5);
                    p6 = TSimd.MultiplyAdd(u, x6, p6);
                    p7 = TSimd.MultiplyAdd(u, x7, p7);
                    if (pair)
                    {
                        q4 = TSimd.MultiplyAdd(v, x4, q4);
                        q5 = TSimd.MultiplyAdd(v, x5, q5);
                        q6 = TSimd.MultiplyAdd(v, x6, q6);
                        q7 = TSimd.MultiplyAdd(v, x7, q7);
                    }
                }
            }

            var half = 4 * (int)width;
            var offset0 = r * stride;
            var offset1 = r1 * stride;
            Finish<TSimd, TVector>(p0, p1, p2, p3, ref Unsafe.Add(ref outRef, offset0), epilogue, ref Unsafe.Add(ref maskRef, offset0));
            if (wide)
            {
                Finish<TSimd, TVector>(p4, p5, p6, p7, ref Unsafe.Add(ref outRef, offset0 + half), epilogue, ref Unsafe.Add(ref maskRef, offset0 + half));
            }

            if (pair)
            {
                Finish<TSimd, TVector>(q0, q1, q2, q3, ref Unsafe.Add(ref outRef, offset1), epilogue, ref Unsafe.Add(ref maskRef, offset1));
                if (wide)
                {
                    Finish<TSimd, TVector>(q4, q5, q6, q7, ref Unsafe.Add(ref outRef, offset1 + half), epilogue, ref Unsafe.Add(ref maskRef, offset1 + half));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TSimd, TVector>(TVector acc0, TVector acc1, TVector acc2, TVector acc3,
        ref double target, Epilogue epilogue, ref double mask)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var width = (nuint)(Unsafe.SizeOf<TVector>() / sizeof(double));
        if (epilogue == Epilogue.Relu)
        {
            acc0 = TSimd.Relu(acc0);
            acc1 = TSimd.Relu(acc1);
            acc2 = TSimd.Relu(acc2);
            acc3 = TSimd.Relu(acc3);
        }
        else if (epilogue == Epilogue.ReluMask)
        {
            // ReLU'(z) = 1 where the unit's output is positive, 0 where it is clipped.
            acc0 = TSimd.WherePositive(TSimd.Load(ref mask, 0), acc0);
            acc1 = TSimd.WherePositive(TSimd.Load(ref mask, width), acc1);
            acc2 = TSimd.WherePositive(TSimd.Load(ref mask, 2 * width), acc2);
            acc3 = TSimd.WherePositive(TSimd.Load(ref mask, 3 * width), acc3);
        }

        TSimd.Store(acc0, ref target, 0);
        TSimd.Store(acc1, ref target, width);
        TSimd.Store(acc2, ref target, 2 * width);
        TSimd.Store(acc3, ref target, 3 * width);
    }

    /// <summary>
    /// gradW[j, i] += sum_s delta[j, s] input[i, s]; gradb[j] += sum_s delta[j, s]. Columns go in blocks small
    /// enough for both operands to stay in cache, and each pass computes a 2 x 4 tile of gradW so that six
    /// loads feed eight fused multiply-adds.
    /// </summary>
    private void AccumulateWeightGradient<TSimd, TVector>(int delta, int input, LayerShape layer, Span<double> gradient)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        ref var memory = ref MemoryMarshal.GetArrayDataReference(_memory);
        ref var d = ref Unsafe.Add(ref memory, delta);
        ref var x = ref Unsafe.Add(ref memory, input);
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
                    TileTwoByFour<TSimd, TVector>(ref d0, ref d1, ref Unsafe.Add(ref x, (i * stride) + s0), length, ref Unsafe.Add(ref g0, i), ref Unsafe.Add(ref g1, i));
                }

                for (; i < inputs; i++)
                {
                    ref var xi = ref Unsafe.Add(ref x, (i * stride) + s0);
                    Unsafe.Add(ref g0, i) += Dot<TSimd, TVector>(ref d0, ref xi, length);
                    Unsafe.Add(ref g1, i) += Dot<TSimd, TVector>(ref d1, ref xi, length);
                }
            }

            for (; j < layer.Outputs; j++)
            {
                ref var d0 = ref Unsafe.Add(ref d, (j * stride) + s0);
                ref var g0 = ref Unsafe.Add(ref g, layer.WeightOffset + (j * inputs));
                for (var i = 0; i < inputs; i++)
                {
                    Unsafe.Add(ref g0, i) += Dot<TSimd, TVector>(ref d0, ref Unsafe.Add(ref x, (i * stride) + s0), length);
                }
            }

            if (layer.HasBias)
            {
                for (j = 0; j < layer.Outputs; j++)
                {
                    Unsafe.Add(ref g, layer.BiasOffset + j) += Sum<TSimd, TVector>(ref Unsafe.Add(ref d, (j * stride) + s0), length);
                }
            }
        }
    }

    private void TileTwoByFour<TSimd, TVector>(ref double d0, ref double d1, ref double x0, int length, ref double g0, ref double g1)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var width = Unsafe.SizeOf<TVector>() / sizeof(double);
        var stride = Stride;
        ref var x1 = ref Unsafe.Add(ref x0, stride);
        ref var x2 = ref Unsafe.Add(ref x1, stride);
        ref var x3 = ref Unsafe.Add(ref x2, stride);
        TVector a0 = TSimd.Zero, a1 = TSimd.Zero, a2 = TSimd.Zero, a3 = TSimd.Zero;
        TVector b0 = TSimd.Zero, b1 = TSimd.Zero, b2 = TSimd.Zero, b3 = TSimd.Zero;
        for (var s = 0; s < length; s += width)
        {
            var u = TSimd.Load(ref d0, (nuint)s);
            var v = TSimd.Load(ref d1, (nuint)s);
            var y0 = TSimd.Load(ref x0, (nuint)s);
            var y1 = TSimd.Load(ref x1, (nuint)s);
            var y2 = TSimd.Load(ref x2, (nuint)s);
            var y3 = TSimd.Load(ref x3, (nuint)s);
            a0 = TSimd.MultiplyAdd(u, y0, a0);
            a1 = TSimd.MultiplyAdd(u, y1, a1);
            a2 = TSimd.MultiplyAdd(u, y2, a2);
            a3 = TSimd.MultiplyAdd(u, y3, a3);
            b0 = TSimd.MultiplyAdd(v, y0, b0);
            b1 = TSimd.MultiplyAdd(v, y1, b1);
            b2 = TSimd.MultiplyAdd(v, y2, b2);
            b3 = TSimd.MultiplyAdd(v, y3, b3);
        }

        g0 += TSimd.Sum(a0);
        Unsafe.Add(ref g0, 1) += TSimd.Sum(a1);
        Unsafe.Add(ref g0, 2) += TSimd.Sum(a2);
        Unsafe.Add(ref g0, 3) += TSimd.Sum(a3);
        g1 += TSimd.Sum(b0);
        Unsafe.Add(ref g1, 1) += TSimd.Sum(b1);
        Unsafe.Add(ref g1, 2) += TSimd.Sum(b2);
        Unsafe.Add(ref g1, 3) += TSimd.Sum(b3);
    }

    // Lengths are whole chunks, so an even number of vectors.
    private static double Dot<TSimd, TVector>(ref double a, ref double b, int length)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var width = Unsafe.SizeOf<TVector>() / sizeof(double);
        TVector s0 = TSimd.Zero, s1 = TSimd.Zero;
        for (var s = 0; s < length; s += 2 * width)
        {
            s0 = TSimd.MultiplyAdd(TSimd.Load(ref a, (nuint)s), TSimd.Load(ref b, (nuint)s), s0);
            s1 = TSimd.MultiplyAdd(TSimd.Load(ref a, (nuint)(s + width)), TSimd.Load(ref b, (nuint)(s + width)), s1);
        }

        return TSimd.Sum(TSimd.Add(s0, s1));
    }

    private static double Sum<TSimd, TVector>(ref double a, int length)
        where TSimd : ISimd<TVector>
        where TVector : struct
    {
        var width = Unsafe.SizeOf<TVector>() / sizeof(double);
        TVector s0 = TSimd.Zero, s1 = TSimd.Zero;
        for (var s = 0; s < length; s += 2 * width)
        {
            s0 = TSimd.Add(s0, TSimd.Load(ref a, (nuint)s));
            s1 = TSimd.Add(s1, TSimd.Load(ref a, (nuint)(s + width)));
        }

        return TSimd.Sum(TSimd.Add(s0, s1));
    }

    /// <summary>A count known when a generic kernel is compiled, so that its branches on it vanish.</summary>
    private interface ICount
    {
        static abstract int Value { get; }
    }

    private readonly struct Four : ICount
    {
        public static int Value => ChunkVectors;
    }

    private readonly struct Eight : ICount
    {
        public static int Value => WideChunkVectors;
    }
}
