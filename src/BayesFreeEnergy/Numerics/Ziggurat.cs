using System.Runtime.CompilerServices;

namespace BayesFreeEnergy.Numerics;

/// <summary>
/// The ziggurat method for the standard normal (Marsaglia and Tsang 2000) with 256 layers of equal area v under
/// f(x) = exp(-x^2 / 2): layer 0 is the rectangle [0, v / f(r)] x [0, f(r)] with the tail beyond r, layer i &gt; 0 the
/// rectangle [0, x_i] x [f(x_i), f(x_(i+1))]. A uniform point in a layer lies under f whenever its abscissa is below the
/// next layer's edge, which is 99% of draws. The layer index, the sign and the uniform come from disjoint bits of one
/// 64-bit draw (Doornik 2005: sharing bits between them correlates the output).
/// </summary>
internal static class Ziggurat
{
    private const int Layers = 256;

    // r and v for 256 layers: v = r f(r) + integral_r^inf f, and the recursion below closes the top layer at x = 0.
    private const double TailStart = 3.6541528853610088;
    private const double LayerArea = 0.004928673233974658;

    private const double Unit = 1.0 / (1UL << 53);

    // Edges x_0 > x_1 = r > ... > x_255 > x_256 = 0, and f at each edge.
    private static readonly double[] Edges = BuildEdges();
    private static readonly double[] Heights = [.. Edges.Select(Density)];

    /// <summary>One standard normal variate from <paramref name="random"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(RandomStream random)
    {
        var bits = random.NextUInt64();
        var layer = (int)(bits & 0xFF);
        var x = (long)(bits >> 11) * Unit * Edges[layer]; // a signed conversion: x64 converts unsigned ones slowly
        return x < Edges[layer + 1] ? Signed(x, bits) : Rare(random, bits, layer, x);
    }

    // Bit 8 of the draw as the sign, without a branch that would mispredict half the time.
    private static double Signed(double x, ulong bits) =>
        BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) ^ (long)((bits & 0x100) << 55));

    // The 1% of draws outside the layer's inner rectangle: the tail, or a wedge accepted or rejected; a rejected draw
    // starts afresh.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Rare(RandomStream random, ulong bits, int layer, double x)
    {
        if (layer == 0)
        {
            // The tail beyond r (Marsaglia 1964): r + a with a ~ Exp(r), accepted with probability exp(-a^2 / 2).
            double a, b;
            do
            {
                a = -Math.Log(1 - random.NextDouble()) / TailStart;
                b = -Math.Log(1 - random.NextDouble());
            }
            while (b + b < a * a);

            return Signed(TailStart + a, bits);
        }

        // The wedge between the rectangle's inner part and the curve: a uniform height in the layer, under f or not.
        var height = Heights[layer] + (random.NextDouble() * (Heights[layer + 1] - Heights[layer]));
        return height < Density(x) ? Signed(x, bits) : Next(random);
    }

    private static double Density(double x) => Math.Exp(-0.5 * x * x);

    private static double[] BuildEdges()
    {
        var edges = new double[Layers + 1];
        edges[0] = LayerArea / Density(TailStart);
        edges[1] = TailStart;
        for (var i = 1; i < Layers - 1; i++)
        {
            // Layer i has area v: x_i (f(x_(i+1)) - f(x_i)) = v.
            edges[i + 1] = Math.Sqrt(-2 * Math.Log((LayerArea / edges[i]) + Density(edges[i])));
        }

        edges[Layers] = 0;
        return edges;
    }
}
