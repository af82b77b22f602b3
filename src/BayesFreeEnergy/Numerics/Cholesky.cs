namespace BayesFreeEnergy.Numerics;

/// <summary>The Cholesky factorization A = L L' of a symmetric positive-definite matrix (row-major, n x n).</summary>
public sealed class Cholesky
{
    private readonly double[] _lower;

    /// <summary>Factorizes <paramref name="matrix"/> (only its lower triangle is read).</summary>
    /// <exception cref="ArgumentException">The matrix is not positive definite.</exception>
    public Cholesky(ReadOnlySpan<double> matrix, int size)
    {
        if (matrix.Length != size * size)
        {
            throw new ArgumentException($"expected a {size} x {size} matrix", nameof(matrix));
        }

        Size = size;
        _lower = new double[size * size];
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[(i * size) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= _lower[(i * size) + k] * _lower[(j * size) + k];
                }

                if (i == j)
                {
                    if (!(sum > 0))
                    {
                        throw new ArgumentException("the matrix is not positive definite", nameof(matrix));
                    }

                    _lower[(i * size) + i] = Math.Sqrt(sum);
                }
                else
                {
                    _lower[(i * size) + j] = sum / _lower[(j * size) + j];
                }
            }
        }
    }

    /// <summary>n.</summary>
    public int Size { get; }

    /// <summary>log det A.</summary>
    public double LogDeterminant
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < Size; i++)
            {
                sum += Math.Log(_lower[(i * Size) + i]);
            }

            return 2 * sum;
        }
    }

    /// <summary>Solves A x = b.</summary>
    public double[] Solve(ReadOnlySpan<double> b)
    {
        var n = Size;
        var x = b.ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < i; k++)
            {
                x[i] -= _lower[(i * n) + k] * x[k];
            }

            x[i] /= _lower[(i * n) + i];
        }

        for (var i = n - 1; i >= 0; i--)
        {
            for (var k = i + 1; k < n; k++)
            {
                x[i] -= _lower[(k * n) + i] * x[k];
            }

            x[i] /= _lower[(i * n) + i];
        }

        return x;
    }

    /// <summary>A^-1, row-major.</summary>
    public double[] Inverse()
    {
        var n = Size;
        var inverse = new double[n * n];
        var unit = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(unit);
            unit[j] = 1;
            var column = Solve(unit);
            for (var i = 0; i < n; i++)
            {
                inverse[(i * n) + j] = column[i];
            }
        }

        return inverse;
    }

    /// <summary>The factor L, row-major (upper triangle zero).</summary>
    public ReadOnlySpan<double> Lower => _lower;
}
