namespace BayesFreeEnergy.Theory;

/// <summary>
/// Exact learning coefficient of reduced-rank regression, the linear network M -> H -> N without biases
/// (Aoyagi and Watanabe 2005, Neural Networks 18; docs/theory.md section 4).
/// </summary>
public static class ReducedRankRegression
{
    /// <summary>The learning coefficient lambda and its multiplicity m.</summary>
    /// <param name="inputs">M, Range: &gt;= 1.</param>
    /// <param name="hidden">H, Range: &gt;= 1.</param>
    /// <param name="outputs">N, Range: &gt;= 1.</param>
    /// <param name="rank">Rank r of the true matrix, Range: 0 .. min(M, H, N).</param>
    public static (double Lambda, int Multiplicity) LearningCoefficient(int inputs, int hidden, int outputs, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, Math.Min(inputs, Math.Min(hidden, outputs)));
        long m = inputs, h = hidden, n = outputs, r = rank;
        if (n + r <= m + h && m + r <= n + h && h + r <= m + n)
        {
            var bracket = (2 * (h + r) * (m + n)) - ((m - n) * (m - n)) - ((h + r) * (h + r));
            var odd = (m + h + n + r) % 2 == 1;
            return ((bracket + (odd ? 1 : 0)) / 8.0, odd ? 2 : 1);
        }

        if (m + h < n + r)
        {
            return (((h * m) - (h * r) + (n * r)) / 2.0, 1);
        }

        if (n + h < m + r)
        {
            return (((h * n) - (h * r) + (m * r)) / 2.0, 1);
        }

        return (m * n / 2.0, 1);
    }
}
