using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// How often a predictive's central 90% band of f(x, w) holds the teacher's f*(x) on fresh inputs: about 0.9 for a
/// calibrated posterior, far less for an overconfident approximation. The inputs are the test points of
/// <see cref="GeneralizationError.Compute"/> for the same seed, so the two describe one test set.
/// </summary>
public static class BandCoverage
{
    /// <summary>Draws used at most, spread evenly over the chains: enough to place the 5% and 95% points.</summary>
    public const int MaximumDraws = 1000;

    /// <summary>The share of test outputs inside the band, with its binomial standard error.</summary>
    /// <param name="chains">Draws of w (at beta = 1 for the Bayes predictive, or of an approximation).</param>
    /// <param name="architecture">The model's architecture.</param>
    /// <param name="teacher">The teacher network.</param>
    /// <param name="noise">The noise level s of the data.</param>
    /// <param name="testPoints">T, at least 1.</param>
    /// <param name="seed">Seed of the test set.</param>
    public static Estimate OfTeacher(IReadOnlyList<ChainResult> chains, Architecture architecture, Network teacher, double noise, int testPoints, long seed)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(teacher);
        var test = TeacherFactory.GenerateData(teacher, testPoints, noise, seed);
        var d = architecture.ParameterCount;
        var rows = chains.Select(c => (c.Draws, First: c.Draws.IndexOf(ChainResult.ParameterColumn(0))))
            .SelectMany(c => Enumerable.Range(0, c.Draws.RowCount).Select(r => (c.Draws, Row: r, c.First))).ToList();
        var stride = Math.Max(1, (rows.Count + MaximumDraws - 1) / MaximumDraws);
        var parameters = rows.Where((_, k) => k % stride == 0).Select(x => x.Draws.Row(x.Row).Slice(x.First, d).ToArray()).ToList();
        var draws = PosteriorPredictive.EvaluateDraws(architecture, parameters, test.Inputs.ToArray());
        var truth = new double[test.OutputWidth];
        var column = new double[draws.Length];
        var hits = 0;
        for (var t = 0; t < test.Count; t++)
        {
            teacher.Evaluate(test.Input(t), truth);
            for (var o = 0; o < test.OutputWidth; o++)
            {
                var k = (t * test.OutputWidth) + o;
                for (var s = 0; s < draws.Length; s++)
                {
                    column[s] = draws[s][k];
                }

                Array.Sort(column);
                var inside = truth[o] >= Diagnostics.ConvergenceDiagnostics.QuantileOfSorted(column, 0.05)
                    && truth[o] <= Diagnostics.ConvergenceDiagnostics.QuantileOfSorted(column, 0.95);
                hits += inside ? 1 : 0;
            }
        }

        var total = test.Count * test.OutputWidth;
        var share = hits / (double)total;
        return new Estimate(share, Math.Sqrt(share * (1 - share) / total));
    }
}
