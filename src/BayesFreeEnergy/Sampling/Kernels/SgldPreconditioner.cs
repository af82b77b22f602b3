using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Sampling.Kernels;

/// <summary>
/// A fixed positive-definite preconditioner G for SGLD: the step becomes w' = w + (eps/2) G grad + N(0, eps G), whose
/// stationary law is the same as plain SGLD's while one step size serves directions of very different curvature. Built
/// either from a diagonal or from a curvature matrix H as G = H^-1 (applied through H's Cholesky factor, so no inverse is
/// formed and a step costs two triangular solves).
/// </summary>
public sealed class SgldPreconditioner
{
    private readonly double[]? _diagonal;
    private readonly double[]? _root;
    private readonly double[]? _lower;

    private SgldPreconditioner(int dimension, double[]? diagonal, double[]? lower)
    {
        Dimension = dimension;
        _diagonal = diagonal;
        _root = diagonal?.Select(Math.Sqrt).ToArray();
        _lower = lower;
    }

    /// <summary>Number of parameters d.</summary>
    public int Dimension { get; }

    /// <summary>Whether G is a full matrix (from a curvature matrix) rather than a diagonal.</summary>
    public bool IsDense => _lower is not null;

    /// <summary>G = diag(<paramref name="diagonal"/>) (Range: every entry positive and finite).</summary>
    public static SgldPreconditioner Diagonal(IReadOnlyList<double> diagonal)
    {
        ArgumentNullException.ThrowIfNull(diagonal);
        if (diagonal.Count == 0 || diagonal.Any(g => !(g > 0) || !double.IsFinite(g)))
        {
            throw new ArgumentException("a diagonal preconditioner needs positive finite entries", nameof(diagonal));
        }

        return new SgldPreconditioner(diagonal.Count, [.. diagonal], null);
    }

    /// <summary>
    /// G = H^-1 for the symmetric <paramref name="curvature"/> H (row-major, d x d). Where H is not positive definite
    /// (a saddle, or the kinks of ReLU), <paramref name="floor"/> times 1, 2, 4, ... is added to its diagonal until it is.
    /// </summary>
    /// <param name="curvature">H, symmetric.</param>
    /// <param name="dimension">d.</param>
    /// <param name="floor">The first shift tried, Range: positive.</param>
    public static SgldPreconditioner FromCurvature(ReadOnlySpan<double> curvature, int dimension, double floor)
    {
        if (curvature.Length != dimension * dimension || !(floor > 0))
        {
            throw new ArgumentException($"expected a {dimension} x {dimension} curvature matrix and a positive floor");
        }

        var shifted = curvature.ToArray();
        for (var shift = 0.0; ; shift = shift == 0 ? floor : 2 * shift)
        {
            for (var i = 0; i < dimension; i++)
            {
                shifted[(i * dimension) + i] = curvature[(i * dimension) + i] + shift;
            }

            try
            {
                return new SgldPreconditioner(dimension, null, new Cholesky(shifted, dimension).Lower.ToArray());
            }
            catch (ArgumentException) when (shift < 1e12 * floor)
            {
                // Not positive definite yet: shift further.
            }
        }
    }

    /// <summary>Replaces a diagonal G's entries (for the kernel that adapts its own copy).</summary>
    internal void SetDiagonal(IReadOnlyList<double> diagonal)
    {
        for (var i = 0; i < Dimension; i++)
        {
            _diagonal![i] = diagonal[i];
            _root![i] = Math.Sqrt(diagonal[i]);
        }
    }

    /// <summary>G's diagonal entries when G is diagonal, else null.</summary>
    public double[]? DiagonalValues() => _diagonal is null ? null : [.. _diagonal];

    /// <summary>Replaces <paramref name="vector"/> by G times it.</summary>
    public void Apply(Span<double> vector)
    {
        if (_diagonal is not null)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] *= _diagonal[i];
            }

            return;
        }

        // G v = L^-T L^-1 v: forward then backward substitution, in place.
        var l = _lower!;
        var d = Dimension;
        for (var i = 0; i < d; i++)
        {
            var sum = vector[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[(i * d) + k] * vector[k];
            }

            vector[i] = sum / l[(i * d) + i];
        }

        BackSubstitute(vector);
    }

    /// <summary>Fills <paramref name="noise"/> with a draw from N(0, G).</summary>
    public void Sample(RandomStream random, Span<double> noise)
    {
        ArgumentNullException.ThrowIfNull(random);
        random.FillGaussian(noise);
        if (_root is not null)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(noise, _root, noise);
        }

        if (_lower is not null)
        {
            // L^-T z has covariance L^-T L^-1 = H^-1.
            BackSubstitute(noise);
        }
    }

    /// <summary>v' G^-1 v, the squared length SGLD's proposal density measures a move by.</summary>
    public double InverseQuadratic(ReadOnlySpan<double> vector)
    {
        var sum = 0.0;
        if (_diagonal is not null)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                sum += vector[i] * vector[i] / _diagonal[i];
            }

            return sum;
        }

        // G^-1 = L L', so v' G^-1 v = |L' v|^2.
        var l = _lower!;
        var d = Dimension;
        for (var j = 0; j < d; j++)
        {
            var component = 0.0;
            for (var k = j; k < d; k++)
            {
                component += l[(k * d) + j] * vector[k];
            }

            sum += component * component;
        }

        return sum;
    }

    // Solves L' x = v in place.
    private void BackSubstitute(Span<double> vector)
    {
        var l = _lower!;
        var d = Dimension;
        for (var i = d - 1; i >= 0; i--)
        {
            var sum = vector[i];
            for (var k = i + 1; k < d; k++)
            {
                sum -= l[(k * d) + i] * vector[k];
            }

            vector[i] = sum / l[(i * d) + i];
        }
    }
}
