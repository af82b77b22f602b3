namespace BayesFreeEnergy.Numerics;

/// <summary>Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (accurate to rounding; O(d^3) per sweep).</summary>
public static class SymmetricEigen
{
    /// <summary>The eigenvalues of the symmetric <paramref name="size"/> x <paramref name="size"/> row-major matrix, ascending.</summary>
    /// <param name="matrix">The matrix (only read; must be symmetric).</param>
    /// <param name="size">Its order, Range: at least 1.</param>
    public static double[] Eigenvalues(ReadOnlySpan<double> matrix, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (matrix.Length != size * size)
        {
            throw new ArgumentException($"expected {size} x {size} values, got {matrix.Length}", nameof(matrix));
        }

        var a = matrix.ToArray();
        for (var sweep = 0; sweep < 100; sweep++)
        {
            var off = 0.0;
            var total = 0.0;
            for (var p = 0; p < size; p++)
            {
                for (var q = 0; q < size; q++)
                {
                    total += a[(p * size) + q] * a[(p * size) + q];
                    off += p == q ? 0 : a[(p * size) + q] * a[(p * size) + q];
                }
            }

            if (off <= 1e-30 * total)
            {
                break;
            }

            for (var p = 0; p < size - 1; p++)
            {
                for (var q = p + 1; q < size; q++)
                {
                    var apq = a[(p * size) + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    // The rotation that zeroes a[p, q] (Golub and Van Loan, algorithm 8.5.1).
                    var theta = (a[(q * size) + q] - a[(p * size) + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < size; k++)
                    {
                        var akp = a[(k * size) + p];
                        var akq = a[(k * size) + q];
                        a[(k * size) + p] = (c * akp) - (s * akq);
                        a[(k * size) + q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < size; k++)
                    {
                        var apk = a[(p * size) + k];
                        var aqk = a[(q * size) + k];
                        a[(p * size) + k] = (c * apk) - (s * aqk);
                        a[(q * size) + k] = (s * apk) + (c * aqk);
                    }
                }
            }
        }

        var values = Enumerable.Range(0, size).Select(i => a[(i * size) + i]).ToArray();
        Array.Sort(values);
        return values;
    }
}
