using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BayesFreeEnergy.Numerics;

/// <summary>
/// The few vector operations the network kernels need, over one hardware vector type of doubles. Kernels are
/// generic over an implementation so that the JIT compiles one specialized copy per width: <see cref="System.Numerics.Vector{T}"/>
/// stays 256 bits wide even where the CPU has AVX-512, so kernels that want 512-bit vectors name them.
/// </summary>
/// <typeparam name="TVector">The vector type, such as <see cref="Vector256{T}"/> of <see cref="double"/>.</typeparam>
internal interface ISimd<TVector>
    where TVector : struct
{
    static abstract TVector Zero { get; }

    static abstract TVector Broadcast(double value);

    static abstract TVector Load(ref double source, nuint offset);

    static abstract void Store(TVector value, ref double destination, nuint offset);

    /// <summary>a * b + c, fused where the hardware has it.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    static abstract TVector Add(TVector a, TVector b);

    /// <summary>max(a, 0) per element.</summary>
    static abstract TVector Relu(TVector a);

    /// <summary>value where mask &gt; 0, else 0: the ReLU derivative applied to a backpropagated value.</summary>
    static abstract TVector WherePositive(TVector mask, TVector value);

    static abstract double Sum(TVector a);
}

/// <summary>128-bit vectors (SSE2, NEON, or software where neither is present).</summary>
internal readonly struct Simd128 : ISimd<Vector128<double>>
{
    public static Vector128<double> Zero => Vector128<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Broadcast(double value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Load(ref double source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => Vector128.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> Relu(Vector128<double> a) => Vector128.Max(a, Vector128<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> WherePositive(Vector128<double> mask, Vector128<double> value) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(mask, Vector128<double>.Zero), value, Vector128<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector128<double> a) => Vector128.Sum(a);
}

/// <summary>256-bit vectors (AVX2).</summary>
internal readonly struct Simd256 : ISimd<Vector256<double>>
{
    public static Vector256<double> Zero => Vector256<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Relu(Vector256<double> a) => Vector256.Max(a, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> WherePositive(Vector256<double> mask, Vector256<double> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(mask, Vector256<double>.Zero), value, Vector256<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector256<double> a) => Vector256.Sum(a);
}

/// <summary>512-bit vectors (AVX-512).</summary>
internal readonly struct Simd512 : ISimd<Vector512<double>>
{
    public static Vector512<double> Zero => Vector512<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<double> value, ref double destination, nuint offset) => value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.MultiplyAddEstimate(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Relu(Vector512<double> a) => Vector512.Max(a, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> WherePositive(Vector512<double> mask, Vector512<double> value) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(mask, Vector512<double>.Zero), value, Vector512<double>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sum(Vector512<double> a) => Vector512.Sum(a);
}
