using System.Numerics.Tensors;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Numerics;

namespace BayesFreeEnergy.Models;

/// <summary>
/// Gaussian regression with known noise: p(y | x, w) = N(y; f(x, w), s^2 I_N), a network f of a given
/// architecture, a prior phi, and a data set D_n.
/// </summary>
public sealed class GaussianRegressionModel : ITemperedModel
{
    /// <summary>Creates the model.</summary>
    /// <param name="architecture">The network architecture; its input and output widths must match the data.</param>
    /// <param name="data">The data set D_n.</param>
    /// <param name="noise">The known noise standard deviation s, Range: &gt; 0.</param>
    /// <param name="prior">The prior phi.</param>
    /// <param name="threads">
    /// Threads each evaluator splits the data points over (contiguous shards, one per thread), Range: at least 1. One
    /// chain then uses that many cores; results are bit-for-bit reproducible for a given thread count (the shards'
    /// sums are added in a fixed order), and differ between counts only in rounding.
    /// </param>
    public GaussianRegressionModel(Architecture architecture, Dataset data, double noise, IPrior prior, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(prior);
        if (!(noise > 0) || !double.IsFinite(noise))
        {
            throw new InvalidInputException($"the noise standard deviation must be positive and finite, got {noise}", nameof(noise));
        }

        if (architecture.InputWidth != data.InputWidth || architecture.OutputWidth != data.OutputWidth)
        {
            throw new InvalidInputException(
                $"architecture {architecture} maps {architecture.InputWidth} inputs to {architecture.OutputWidth} outputs, " +
                $"but the data have {data.InputWidth} input and {data.OutputWidth} output columns", nameof(architecture));
        }

        // n L_n sums (y - f)^2 / (2 s^2): with outputs this large for this noise it overflows before any draw is made.
        var largest = Math.Abs(TensorPrimitives.MaxMagnitude(data.Targets));
        if (!double.IsFinite(1 / (noise * noise)) || !double.IsFinite(data.Count * (largest / noise) * (largest / noise)))
        {
            throw new InvalidInputException(
                $"the data's outputs (up to |y| = {largest:G3}) are too large for noise {noise:G3}: n L_n = sum (y - f)^2 / (2 s^2) overflows; " +
                "rescale the outputs or give the noise in their units", nameof(noise));
        }

        Architecture = architecture;
        Data = data;
        Noise = noise;
        Prior = prior;
        Threads = threads;
    }

    /// <summary>Threads each evaluator uses (see the constructor).</summary>
    public int Threads { get; }

    /// <summary>The network architecture.</summary>
    public Architecture Architecture { get; }

    /// <summary>The data set D_n.</summary>
    public Dataset Data { get; }

    /// <summary>The noise standard deviation s.</summary>
    public double Noise { get; }

    /// <inheritdoc/>
    public IPrior Prior { get; }

    /// <inheritdoc/>
    public int Dimension => Architecture.ParameterCount;

    /// <inheritdoc/>
    public int DataCount => Data.Count;

    /// <inheritdoc/>
    public IModelEvaluator CreateEvaluator() => new Evaluator(this, Data.Count);

    /// <inheritdoc/>
    public ITemperedModel WithPrior(IPrior prior) => new GaussianRegressionModel(Architecture, Data, Noise, prior, Threads);

    /// <inheritdoc/>
    public IMinibatchEvaluator CreateMinibatchEvaluator(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, Data.Count);
        return new Evaluator(this, batchSize);
    }

    // Evaluates over `count` data points: all of them (full batch, the first n rows) or a selected minibatch,
    // whose likelihood terms are scaled by n / m to estimate the full-data value. The points are split into contiguous
    // shards, each with its own network workspace; with several, they run in parallel and their sums are added in
    // shard order. One shard writes straight into the caller's gradient, so the one-thread path is unchanged.
    private sealed class Evaluator : IMinibatchEvaluator
    {
        private readonly Shard[] _shards;
        private readonly ParallelShards _parallel;
        private readonly IPrior _prior;
        private readonly Dataset _data;
        private readonly int _count;
        private readonly int _outputs;
        private readonly double _scale; // n / m
        private readonly double _precision; // 1 / s^2
        private readonly double _logNormalizer; // (N / 2) log(2 pi s^2), per data point

        // The current call, for the shards: parameters copied in (a span cannot cross threads), and what to compute.
        private readonly double[] _parameters;
        private Work _work;
        private double _seedScale;

        public Evaluator(GaussianRegressionModel model, int count)
        {
            _data = model.Data;
            _count = count;
            _scale = (double)_data.Count / count;
            _prior = model.Prior;
            _outputs = _data.OutputWidth;
            _precision = 1 / (model.Noise * model.Noise);
            _logNormalizer = 0.5 * _outputs * Math.Log(2 * Math.PI * model.Noise * model.Noise);
            Dimension = model.Dimension;
            var shards = Math.Min(model.Threads, count);
            _shards = [.. Enumerable.Range(0, shards).Select(t => new Shard(model, t * count / shards, ((t + 1) * count / shards) - (t * count / shards), shards > 1))];
            _parameters = shards > 1 ? new double[Dimension] : [];
            _parallel = new ParallelShards(shards, RunShard);
        }

        // Loss: n L_n alone; Density and DensityAndGradient: for Evaluate (sums by Dot, as it always has); Pointwise:
        // the residuals only.
        private enum Work
        {
            Loss,
            Density,
            DensityAndGradient,
            Pointwise,
        }

        public int BatchSize => _count;

        public int Dimension { get; }

        public void SelectBatch(ReadOnlySpan<int> indices)
        {
            if (indices.Length != _count)
            {
                throw new ArgumentException($"expected {_count} indices, got {indices.Length}", nameof(indices));
            }

            foreach (var index in indices)
            {
                if ((uint)index >= (uint)_data.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(indices), index, $"data index outside 0..{_data.Count - 1}");
                }
            }

            foreach (var shard in _shards)
            {
                shard.Select(_data, indices.Slice(shard.Offset, shard.Count));
            }
        }

        public TemperedDensity Evaluate(ReadOnlySpan<double> parameters, double beta, Span<double> gradient)
        {
            if (!(beta >= 0 && beta <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "the inverse temperature must lie in [0, 1]");
            }

            var logPrior = _prior.LogDensity(parameters, gradient);

            // d(-beta n L_n)/df = -beta (f - y) / s^2 on real columns; padding columns stay zero.
            _seedScale = -beta * _scale * _precision;
            var backward = beta > 0 && double.IsFinite(logPrior);
            var squares = Run(parameters, backward ? Work.DensityAndGradient : Work.Density, gradient);
            if (backward && _shards.Length > 1)
            {
                foreach (var shard in _shards)
                {
                    TensorPrimitives.Add(gradient, shard.Gradient, gradient);
                }
            }

            var negLogLikelihood = _scale * ((0.5 * _precision * squares) + (_count * _logNormalizer));
            var logDensity = double.IsNegativeInfinity(logPrior) ? double.NegativeInfinity : logPrior - (beta * negLogLikelihood);
            return new TemperedDensity(logDensity, logPrior, negLogLikelihood);
        }

        public double NegLogLikelihood(ReadOnlySpan<double> parameters)
        {
            var squares = Run(parameters, Work.Loss, default);
            return _scale * ((0.5 * _precision * squares) + (_count * _logNormalizer));
        }

        public void PointwiseLogLikelihood(ReadOnlySpan<double> parameters, Span<double> logLikelihood)
        {
            if (logLikelihood.Length != _count)
            {
                throw new ArgumentException($"expected room for {_count} values, got {logLikelihood.Length}", nameof(logLikelihood));
            }

            Run(parameters, Work.Pointwise, default);
            logLikelihood.Fill(-_logNormalizer);
            foreach (var shard in _shards)
            {
                var stride = shard.Network.Stride;
                var part = logLikelihood.Slice(shard.Offset, shard.Count);
                for (var o = 0; o < _outputs; o++)
                {
                    var r = shard.Network.OutputGradient.Slice(o * stride, shard.Count);
                    for (var s = 0; s < part.Length; s++)
                    {
                        part[s] -= 0.5 * _precision * r[s] * r[s];
                    }
                }
            }
        }

        // Runs `work` on every shard and returns the sum of squared residuals, added in shard order. With one shard the
        // gradient goes straight into the caller's (after the prior's); with several into each shard's own buffer.
        private double Run(ReadOnlySpan<double> parameters, Work work, Span<double> gradient)
        {
            _work = work;
            if (_shards.Length == 1)
            {
                _shards[0].Compute(parameters, work, _seedScale, gradient);
                return _shards[0].Squares;
            }

            parameters.CopyTo(_parameters);
            _parallel.Run();
            var squares = 0.0;
            foreach (var shard in _shards)
            {
                squares += shard.Squares;
            }

            return squares;
        }

        private void RunShard(int t) => _shards[t].Compute(_parameters, _work, _seedScale, _shards[t].Gradient);

        // A contiguous slice of the points with its own network workspace, targets (feature-major, like the outputs)
        // and, when there are several shards, its own gradient.
        private sealed class Shard
        {
            private readonly double[] _targets;
            private readonly int _outputs;

            public Shard(GaussianRegressionModel model, int offset, int count, bool ownGradient)
            {
                var data = model.Data;
                Offset = offset;
                Count = count;
                _outputs = data.OutputWidth;
                Network = new BatchNetwork(model.Architecture, data.Inputs.Slice(offset * data.InputWidth, count * data.InputWidth), count);
                _targets = new double[_outputs * Network.Stride];
                BatchNetwork.Gather(data.Targets[(offset * _outputs)..], _outputs, default, count, _targets, Network.Stride);
                Gradient = ownGradient ? new double[model.Dimension] : [];
            }

            public int Offset { get; }

            public int Count { get; }

            public BatchNetwork Network { get; }

            public double[] Gradient { get; }

            public double Squares { get; private set; }

            public void Select(Dataset data, ReadOnlySpan<int> rows)
            {
                Network.LoadInputs(data.Inputs, rows);
                BatchNetwork.Gather(data.Targets, _outputs, rows, Count, _targets, Network.Stride);
            }

            // Forward pass and residuals f - y (left in the output-gradient buffer); for the gradient, the residuals
            // scaled into d(-beta n L_n)/df and backpropagated, added to `gradient` (cleared first when it is our own).
            public void Compute(ReadOnlySpan<double> parameters, Work work, double seedScale, Span<double> gradient)
            {
                Network.Forward(parameters);
                var stride = Network.Stride;
                var squares = 0.0;
                for (var o = 0; o < _outputs; o++)
                {
                    var r = Network.OutputGradient.Slice(o * stride, Count);
                    TensorPrimitives.Subtract(Network.Outputs.Slice(o * stride, Count), _targets.AsSpan(o * stride, Count), r);
                    squares += work == Work.Loss ? TensorPrimitives.SumOfSquares<double>(r) : TensorPrimitives.Dot<double>(r, r);
                    if (work == Work.DensityAndGradient)
                    {
                        TensorPrimitives.Multiply(r, seedScale, r);
                    }
                }

                Squares = squares;
                if (work == Work.DensityAndGradient)
                {
                    if (Gradient.Length > 0)
                    {
                        Gradient.AsSpan().Clear();
                    }

                    Network.Backward(parameters, gradient);
                }
            }
        }
    }
}
