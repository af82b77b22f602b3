namespace BayesFreeEnergy.Theory;

/// <summary>
/// Exact learning coefficient of a deep linear network H_1 -> H_2 -> ... -> H_{L+1} without biases
/// (Aoyagi 2024, Neural Networks; docs/theory.md section 4).
/// </summary>
public static class DeepLinearNetwork
{
    /// <summary>The learning coefficient lambda.</summary>
    /// <param name="widths">H_1 (input) .. H_{L+1} (output); at least two, each &gt;= 1.</param>
    /// <param name="rank">Rank r of the true product matrix, Range: 0 .. min widths.</param>
    public static double LearningCoefficient(IReadOnlyList<int> widths, int rank)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2 || widths.Any(h => h < 1))
        {
            throw new InvalidInputException("a linear network needs at least two widths, each at least 1", nameof(widths));
        }

        var narrowest = widths.Min();
        if (rank < 0 || rank > narrowest)
        {
            throw new InvalidInputException($"the true rank must lie in 0..{narrowest}, the narrowest width; got {rank}", nameof(rank));
        }

        if (widths.Count == 2)
        {
            // One weight layer is a regular model: all H_1 H_2 parameters count.
            return widths[0] * widths[1] / 2.0;
        }

        long r = rank;
        var excess = widths.Select(h => (long)h - r).ToArray(); // M_j = H_j - r
        var (sigma, l) = FindSubset(excess);
        var s = sigma.Sum(j => excess[j]);
        var ceiling = (s + l - 1) / l; // ceil(S / l), S >= 0
        var a = s - ((ceiling - 1) * l);
        var pairs = 0L;
        for (var x = 0; x < sigma.Length; x++)
        {
            for (var y = x + 1; y < sigma.Length; y++)
            {
                pairs += excess[sigma[x]] * excess[sigma[y]];
            }
        }

        double sOverL = (double)s / l;
        return (((-r * r) + (r * (widths[0] + widths[^1]))) / 2.0)
            + (a * (l - a) / (4.0 * l))
            - (l * (l - 1) / 4.0 * sOverL * sOverL)
            + (pairs / 2.0);
    }

    // The set Sigma with |Sigma| = l + 1: the l + 1 smallest M_j, strictly separated from the rest, with
    // S >= l max_Sigma M_j and S < l min_rest M_k. Aoyagi proves exactly one size qualifies.
    private static (int[] Sigma, long L) FindSubset(long[] excess)
    {
        var order = Enumerable.Range(0, excess.Length).OrderBy(j => excess[j]).ToArray();
        long sum = excess[order[0]];
        for (var size = 2; size <= order.Length; size++)
        {
            long l = size - 1;
            var largestIn = excess[order[size - 1]];
            sum += largestIn;
            var rest = size < order.Length ? excess[order[size]] : long.MaxValue;
            var separated = largestIn < rest;
            if (separated && sum >= l * largestIn && (rest == long.MaxValue || sum < l * rest))
            {
                return (order[..size], l);
            }
        }

        throw new InvalidOperationException($"no admissible index set for M = ({string.Join(", ", excess)}); this contradicts Aoyagi (2024)");
    }
}
