namespace BayesFreeEnergy.Diagnostics;

/// <summary>
/// How many leading draws of chains that started away from equilibrium (an LLC's chains start at the bottom of the loss)
/// still belong to their climb: the marginal standard error rule MSER-5 (White 1997; White, Cobb and Spratt 2000;
/// docs/theory.md). The draws of all chains are summed per iteration and over batches of <see cref="BatchSize"/>; the
/// truncation k minimizes the squared standard error of the mean of what is left, sum_{j &gt;= k} (z_j - zbar_k)^2 /
/// (m - k)^2, over k up to half the batches. Dropping a stretch that lies off the stationary level lowers it (the
/// spread falls faster than the count); dropping stationary draws raises it.
/// </summary>
public static class TransientTruncation
{
    /// <summary>Iterations averaged per batch before the rule is applied (MSER-5).</summary>
    public const int BatchSize = 5;

    /// <summary>
    /// The number of leading draws per chain to discard (a multiple of <see cref="BatchSize"/>, at most half the draws);
    /// 0 for fewer than 4 batches. A climb that lasts the whole run may end at half the draws or, when it is nearly
    /// linear, near 0 (a straight trend's spread shrinks with the count it is divided by): whether what is left has
    /// settled is a separate check.
    /// </summary>
    /// <param name="chains">One array of draws per chain, of equal lengths, in iteration order.</param>
    public static int Draws(IReadOnlyList<double[]> chains)
    {
        ArgumentNullException.ThrowIfNull(chains);
        var batches = chains.Count == 0 ? 0 : chains.Min(c => c.Length) / BatchSize;
        if (batches < 4)
        {
            return 0;
        }

        var z = new double[batches];
        foreach (var chain in chains)
        {
            for (var i = 0; i < batches * BatchSize; i++)
            {
                z[i / BatchSize] += chain[i];
            }
        }

        // Centred on the overall mean so the suffix sums of squares lose no precision to a large offset (n L_n ~ 10^5).
        var offset = z.Average();
        // Suffix sums from the end; a tie goes to the smaller truncation (hence <= while k falls).
        var (sum, squares, best, bestScore) = (0.0, 0.0, 0, double.PositiveInfinity);
        for (var k = batches - 1; k >= 0; k--)
        {
            var x = z[k] - offset;
            sum += x;
            squares += x * x;
            var count = batches - k;
            var score = (squares - (sum * sum / count)) / ((double)count * count);
            if (k <= batches / 2 && score <= bestScore)
            {
                (best, bestScore) = (k, score);
            }
        }

        return best * BatchSize;
    }
}
