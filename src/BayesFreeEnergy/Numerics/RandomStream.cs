using System.Numerics;

namespace BayesFreeEnergy.Numerics;

/// <summary>
/// A seeded xoshiro256** pseudo-random stream (Blackman and Vigna 2018). Every chain, data set and
/// teacher gets its own stream derived from the run seed and a stream index, so results do not depend on
/// thread scheduling and are bit-for-bit repeatable for a given seed.
/// </summary>
/// <remarks>Not thread-safe: one stream per thread or chain.</remarks>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates stream <paramref name="stream"/> of the family identified by <paramref name="seed"/>.</summary>
    public RandomStream(long seed, long stream = 0)
    {
        // SplitMix64 expands (seed, stream) into the 256-bit state, as the xoshiro authors recommend.
        var x = unchecked((ulong)seed ^ ((ulong)stream * 0xD1B54A32D192ED03UL));
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return (int)Math.BigMul(NextUInt64(), (ulong)maxExclusive, out _);
    }

    /// <summary>A standard normal variate (Marsaglia's polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }

        double u, v, s;
        do
        {
            u = (2 * NextDouble()) - 1;
            v = (2 * NextDouble()) - 1;
            s = (u * u) + (v * v);
        }
        while (s >= 1 || s == 0);

        var factor = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareGaussian = v * factor;
        _hasSpare = true;
        return u * factor;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with independent standard normal variates by the ziggurat method (Marsaglia
    /// and Tsang 2000, with the layer and the uniform taken from disjoint bits as Doornik 2005 advises): one 64-bit draw
    /// and a comparison for nearly every variate, several times faster than <see cref="NextGaussian"/>, which a large
    /// network's Langevin noise needs. Its sequence differs from that of repeated <see cref="NextGaussian"/> calls.
    /// </summary>
    public void FillGaussian(Span<double> destination)
    {
        for (var k = 0; k < destination.Length; k++)
        {
            destination[k] = Ziggurat.Next(this);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
