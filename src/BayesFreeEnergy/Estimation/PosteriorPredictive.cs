using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// The posterior predictive at new inputs from posterior draws: for every input and output, the mean, standard
/// deviation and central 50% / 90% intervals of the network function f(x, w) (noise excluded) and of y = f(x, w) + N(0, s^2)
/// (noise included, one noise draw per posterior draw).
/// </summary>
/// <param name="Inputs">The T inputs, row-major (T x M).</param>
/// <param name="Function">Summaries of f(x, w), indexed [t * N + o].</param>
/// <param name="Observation">Summaries of y, indexed [t * N + o].</param>
/// <param name="FunctionDraws">f(x_t, w_s) for every draw s (row) and t * N + o (column): for plotting posterior functions.</param>
/// <param name="ObservationDraws">y = f(x_t, w_s) + noise, laid out as <paramref name="FunctionDraws"/>: the predictive draws themselves.</param>
public sealed record PosteriorPredictive(double[] Inputs, IReadOnlyList<PredictiveSummary> Function, IReadOnlyList<PredictiveSummary> Observation, double[][] FunctionDraws,
    double[][] ObservationDraws)
{
    /// <summary>Evaluates every draw (flat parameter vectors of <paramref name="architecture"/>) at the inputs.</summary>
    public static PosteriorPredictive Compute(Architecture architecture, IReadOnlyList<double[]> draws, double[] inputs, double noise, long seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(inputs);
        if (draws.Count < 2)
        {
            throw new InvalidInputException("the posterior predictive needs at least two draws");
        }

        var count = inputs.Length / architecture.InputWidth * architecture.OutputWidth;
        var functionDraws = EvaluateDraws(architecture, draws, inputs);
        var random = new RandomStream(seed, stream: 0x9ED);
        var noisy = functionDraws.Select(row => row.Select(f => f + (noise * random.NextGaussian())).ToArray()).ToArray();
        return new PosteriorPredictive(inputs,
            [.. Enumerable.Range(0, count).Select(k => PredictiveSummary.Of([.. functionDraws.Select(r => r[k])]))],
            [.. Enumerable.Range(0, count).Select(k => PredictiveSummary.Of([.. noisy.Select(r => r[k])]))],
            functionDraws, noisy);
    }

    /// <summary>f(x_t, w_s) for every draw s (row) and t * N + o (column), the inputs row-major (T x M).</summary>
    public static double[][] EvaluateDraws(Architecture architecture, IReadOnlyList<double[]> draws, double[] inputs)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(inputs);
        var n = architecture.OutputWidth;
        var count = inputs.Length / architecture.InputWidth;
        var network = new BatchNetwork(architecture, inputs, count);
        var functionDraws = new double[draws.Count][];
        for (var s = 0; s < draws.Count; s++)
        {
            network.Forward(draws[s]);
            var row = functionDraws[s] = new double[count * n];
            for (var t = 0; t < count; t++)
            {
                for (var o = 0; o < n; o++)
                {
                    row[(t * n) + o] = network.Outputs[(o * network.Stride) + t];
                }
            }
        }

        return functionDraws;
    }
}

/// <summary>Mean, standard deviation and the 5%, 25%, 75% and 95% quantiles of one predictive quantity.</summary>
public sealed record PredictiveSummary(double Mean, double Sd, double Q5, double Q25, double Q75, double Q95)
{
    /// <summary>Summarizes draws.</summary>
    public static PredictiveSummary Of(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        return new(values.Average(), ConvergenceDiagnostics.StandardDeviation(values), ConvergenceDiagnostics.QuantileOfSorted(sorted, 0.05),
            ConvergenceDiagnostics.QuantileOfSorted(sorted, 0.25), ConvergenceDiagnostics.QuantileOfSorted(sorted, 0.75), ConvergenceDiagnostics.QuantileOfSorted(sorted, 0.95));
    }
}
