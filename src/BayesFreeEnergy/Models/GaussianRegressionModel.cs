using System.Numerics.Tensors;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

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
    public GaussianRegressionModel(Architecture architecture, Dataset data, double noise, IPrior prior)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(prior);
        if (!(noise > 0) || !double.IsFinite(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, "the noise standard deviation must be positive and finite");
        }

        if (architecture.InputWidth != data.InputWidth || architecture.OutputWidth != data.OutputWidth)
        {
            throw new ArgumentException(
                $"architecture {architecture} maps {architecture.InputWidth} inputs to {architecture.OutputWidth} outputs, " +
                $"but the data have {data.InputWidth} input and {data.OutputWidth} output columns", nameof(architecture));
        }

        Architecture = architecture;
        Data = data;
        Noise = noise;
        Prior = prior;
    }

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
    public IMinibatchEvaluator CreateMinibatchEvaluator(int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, Data.Count);
        return new Evaluator(this, batchSize);
    }

    // Evaluates over `count` data points: all of them (full batch, the first n rows) or a selected minibatch,
    // whose likelihood terms are scaled by n / m to estimate the full-data value.
    private sealed class Evaluator : IMinibatchEvaluator
    {
        private readonly BatchNetwork _network;
        private readonly IPrior _prior;
        private readonly double[] _targets; // feature-major, like the network outputs
        private readonly Dataset _data;
        private readonly int _count;
        private readonly int _outputs;
        private readonly double _scale; // n / m
        private readonly double _precision; // 1 / s^2
        private readonly double _logNormalizer; // (N / 2) log(2 pi s^2), per data point

        public Evaluator(GaussianRegressionModel model, int count)
        {
            _data = model.Data;
            _count = count;
            _scale = (double)_data.Count / count;
            _network = new BatchNetwork(model.Architecture, _data.Inputs[..(count * _data.InputWidth)], count);
            _prior = model.Prior;
            _outputs = _data.OutputWidth;
            _precision = 1 / (model.Noise * model.Noise);
            _logNormalizer = 0.5 * _outputs * Math.Log(2 * Math.PI * model.Noise * model.Noise);
            _targets = new double[_outputs * _network.Stride];
            BatchNetwork.Gather(_data.Targets, _outputs, default, count, _targets, _network.Stride);
            Dimension = model.Dimension;
        }

        public int BatchSize => _count;

        public void SelectBatch(ReadOnlySpan<int> indices)
        {
            foreach (var index in indices)
            {
                if ((uint)index >= (uint)_data.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(indices), index, $"data index outside 0..{_data.Count - 1}");
                }
            }

            _network.LoadInputs(_data.Inputs, indices);
            BatchNetwork.Gather(_data.Targets, _outputs, indices, _count, _targets, _network.Stride);
        }

        public int Dimension { get; }

        public TemperedDensity Evaluate(ReadOnlySpan<double> parameters, double beta, Span<double> gradient)
        {
            if (!(beta >= 0 && beta <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(beta), beta, "the inverse temperature must lie in [0, 1]");
            }

            var logPrior = _prior.LogDensity(parameters, gradient);
            _network.Forward(parameters);

            // d(-beta n L_n)/df = -beta (f - y) / s^2 on real columns; padding columns stay zero.
            var stride = _network.Stride;
            var outputs = _network.Outputs;
            var seed = _network.OutputGradient;
            var scale = -beta * _scale * _precision;
            var squares = 0.0;
            for (var o = 0; o < _outputs; o++)
            {
                var f = outputs.Slice(o * stride, _count);
                var y = _targets.AsSpan(o * stride, _count);
                var r = seed.Slice(o * stride, _count);
                TensorPrimitives.Subtract(f, y, r);
                squares += TensorPrimitives.Dot(r, r);
                TensorPrimitives.Multiply(r, scale, r);
            }

            var negLogLikelihood = _scale * ((0.5 * _precision * squares) + (_count * _logNormalizer));
            if (beta > 0 && double.IsFinite(logPrior))
            {
                _network.Backward(parameters, gradient);
            }

            var logDensity = double.IsNegativeInfinity(logPrior) ? double.NegativeInfinity : logPrior - (beta * negLogLikelihood);
            return new TemperedDensity(logDensity, logPrior, negLogLikelihood);
        }

        public double NegLogLikelihood(ReadOnlySpan<double> parameters)
        {
            _network.Forward(parameters);
            var stride = _network.Stride;
            var squares = 0.0;
            for (var o = 0; o < _outputs; o++)
            {
                squares += TensorPrimitives.SumOfSquares<double>(Residual(o, stride));
            }

            return _scale * ((0.5 * _precision * squares) + (_count * _logNormalizer));
        }

        public void PointwiseLogLikelihood(ReadOnlySpan<double> parameters, Span<double> logLikelihood)
        {
            if (logLikelihood.Length != _count)
            {
                throw new ArgumentException($"expected room for {_count} values, got {logLikelihood.Length}", nameof(logLikelihood));
            }

            _network.Forward(parameters);
            var stride = _network.Stride;
            logLikelihood.Fill(-_logNormalizer);
            for (var o = 0; o < _outputs; o++)
            {
                var r = Residual(o, stride);
                for (var s = 0; s < _count; s++)
                {
                    logLikelihood[s] -= 0.5 * _precision * r[s] * r[s];
                }
            }
        }

        // Writes f - y for output o into the (otherwise unused here) output-gradient buffer and returns it.
        private Span<double> Residual(int o, int stride)
        {
            var r = _network.OutputGradient.Slice(o * stride, _count);
            TensorPrimitives.Subtract(_network.Outputs.Slice(o * stride, _count), _targets.AsSpan(o * stride, _count), r);
            return r;
        }
    }
}
