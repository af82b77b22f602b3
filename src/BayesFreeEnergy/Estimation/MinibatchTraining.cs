using BayesFreeEnergy.Models;
using BayesFreeEnergy.Numerics;
using BayesFreeEnergy.Sampling;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Trains a network to a minimum of the negative log posterior n L_n - log phi by Adam on minibatches: the way a large
/// network gets the centre w* its local learning coefficient is measured at, where full-batch steps cost too much.
/// </summary>
public static class MinibatchTraining
{
    /// <summary>
    /// <see cref="Adam"/> from a draw of the prior (seeded by <paramref name="seed"/>), with every setting checked first:
    /// how <c>bfe llc</c> trains a network too large for full-batch restarts.
    /// </summary>
    /// <exception cref="InvalidInputException">Fewer than one pass, a batch outside 1..n or a rate that is not positive.</exception>
    public static double[] FromPrior(ITemperedModel model, long seed, int batchSize, int epochs, double learningRate, Action<int, double>? onEpoch = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (epochs < 1)
        {
            throw new InvalidInputException($"training needs at least one pass over the data, got {epochs}", nameof(epochs));
        }

        if (batchSize < 1 || batchSize > model.DataCount)
        {
            throw new InvalidInputException($"the training batch must hold 1 to n = {model.DataCount} points, got {batchSize}", nameof(batchSize));
        }

        if (!(learningRate > 0) || !double.IsFinite(learningRate))
        {
            throw new InvalidInputException($"the learning rate must be positive, got {learningRate}", nameof(learningRate));
        }

        var start = new double[model.Dimension];
        model.Prior.Sample(new RandomStream(seed, stream: 0x7EA1), start);
        return Adam(model, start, batchSize, epochs, learningRate, seed, onEpoch, cancellation);
    }

    /// <summary>
    /// Runs <paramref name="epochs"/> passes over the data in shuffled minibatches of <paramref name="batchSize"/> (the
    /// last partial batch of a pass is skipped), one Adam step each, from <paramref name="start"/> (left unchanged).
    /// A step to a non-finite density is undone and the momentum reset.
    /// </summary>
    /// <param name="model">The model and data.</param>
    /// <param name="start">The starting point (length d).</param>
    /// <param name="batchSize">Minibatch size m, Range: 1..n.</param>
    /// <param name="epochs">Passes over the data, Range: at least 0.</param>
    /// <param name="learningRate">Adam's step size, Range: &gt; 0.</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="onEpoch">Called after each pass with the pass number (from 1) and the full-data n L_n there.</param>
    /// <param name="cancellation">Stops the training.</param>
    /// <returns>The trained point.</returns>
    public static double[] Adam(ITemperedModel model, ReadOnlySpan<double> start, int batchSize, int epochs, double learningRate, long seed,
        Action<int, double>? onEpoch = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        if (start.Length != model.Dimension)
        {
            throw new ArgumentException($"expected a start of {model.Dimension} parameters, got {start.Length}", nameof(start));
        }

        var n = model.DataCount;
        var batches = model.CreateMinibatchEvaluator(batchSize);
        var full = onEpoch is null ? null : model.CreateEvaluator();
        var d = model.Dimension;
        var position = start.ToArray();
        var previous = start.ToArray();
        var gradient = new double[d];
        var m = new double[d];
        var v = new double[d];
        var order = Enumerable.Range(0, n).ToArray();
        var random = new RandomStream(seed, stream: 0xADA7);
        var t = 0;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            for (var i = n - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (var first = 0; first + batchSize <= n; first += batchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                batches.SelectBatch(order.AsSpan(first, batchSize));
                if (!double.IsFinite(batches.Evaluate(position, 1, gradient).LogDensity))
                {
                    previous.CopyTo(position, 0);
                    Array.Clear(m);
                    continue;
                }

                position.CopyTo(previous, 0);
                ModeFinder.AdamStep(position, gradient, m, v, ++t, learningRate);
            }

            onEpoch?.Invoke(epoch, full!.NegLogLikelihood(position));
        }

        return position;
    }
}
