using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Generalization error against a known teacher (docs/theory.md section 3): on T fresh test points from q,
/// G_n = (1/T) sum_t [log q(y_t | x_t) - log (1/S) sum_s p(y_t | x_t, w_s)], a KL divergence of the Bayes predictive.
/// </summary>
public static class GeneralizationError
{
    /// <summary>
    /// G_n with the standard error of its average over test points (the posterior-draw error is of lower order for
    /// S in the thousands and is not included).
    /// </summary>
    /// <param name="chains">Posterior draws at beta = 1.</param>
    /// <param name="architecture">The model's architecture.</param>
    /// <param name="teacher">The teacher network.</param>
    /// <param name="noise">The noise level s of both teacher and model.</param>
    /// <param name="testPoints">T.</param>
    /// <param name="seed">Seed of the test set.</param>
    public static Estimate Compute(IReadOnlyList<ChainResult> chains, Architecture architecture, Network teacher, double noise, int testPoints, long seed)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        var test = TeacherFactory.GenerateData(teacher, testPoints, noise, seed);
        return AgainstTeacher(teacher, test, noise, HeldOutLogPredictive(chains, architecture, test, noise));
    }

    /// <summary>
    /// The same divergence for the plug-in predictive p(y | x, w_hat) of one point estimate (maximum likelihood or MAP),
    /// on the same test set as <see cref="Compute"/> for the same seed, so the two can be compared pairwise.
    /// </summary>
    public static Estimate PlugIn(ReadOnlySpan<double> point, Architecture architecture, Network teacher, double noise, int testPoints, long seed)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        var test = TeacherFactory.GenerateData(teacher, testPoints, noise, seed);
        var predictive = new double[testPoints];
        new GaussianRegressionModel(architecture, test, noise, new GaussianPrior(1)).CreateEvaluator().PointwiseLogLikelihood(point, predictive);
        return AgainstTeacher(teacher, test, noise, predictive);
    }

    /// <summary>
    /// The mean of log q(y_t | x_t), the teacher's own density, over the test points of <see cref="Compute"/> for the same
    /// seed: a predictive's held-out log predictive density per point is this minus its G_n.
    /// </summary>
    public static double TeacherLogDensity(Network teacher, double noise, int testPoints, long seed)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        return TruthLogDensities(teacher, TeacherFactory.GenerateData(teacher, testPoints, noise, seed), noise).Average();
    }

    private static Estimate AgainstTeacher(Network teacher, Dataset test, double noise, double[] logPredictive) =>
        Estimate.MeanOfIndependent([.. TruthLogDensities(teacher, test, noise).Select((logQ, t) => logQ - logPredictive[t])]);

    private static double[] TruthLogDensities(Network teacher, Dataset test, double noise)
    {
        var truth = new double[test.Count];
        new GaussianRegressionModel(teacher.Architecture, test, noise, new GaussianPrior(1)).CreateEvaluator().PointwiseLogLikelihood(teacher.Parameters, truth);
        return truth;
    }

    /// <summary>log p*(y_t | x_t) = log (1/S) sum_s p(y_t | x_t, w_s) for every test point; the held-out loss is minus its mean.</summary>
    public static double[] HeldOutLogPredictive(IReadOnlyList<ChainResult> chains, Architecture architecture, Dataset test, double noise)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(test);
        var evaluator = new GaussianRegressionModel(architecture, test, noise, new GaussianPrior(1)).CreateEvaluator();
        var d = architecture.ParameterCount;
        var rows = chains.Sum(c => c.Draws.RowCount);
        var values = new double[rows * test.Count];
        var r = 0;
        foreach (var chain in chains)
        {
            var first = chain.Draws.IndexOf(ChainResult.ParameterColumn(0));
            for (var s = 0; s < chain.Draws.RowCount; s++, r++)
            {
                evaluator.PointwiseLogLikelihood(chain.Draws.Row(s).Slice(first, d), values.AsSpan(r * test.Count, test.Count));
            }
        }

        var matrix = new LogLikelihoodMatrix(values, rows, test.Count);
        return [.. Enumerable.Range(0, test.Count).Select(t => LogLikelihoodMatrix.LogMeanExp(matrix.Column(t)))];
    }
}
