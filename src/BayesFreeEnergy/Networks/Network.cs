namespace BayesFreeEnergy.Networks;

/// <summary>A network: an architecture with one parameter vector, evaluated one input at a time.</summary>
/// <remarks>For a whole data set use <see cref="BatchNetwork"/>, which is SIMD-vectorized over data points.</remarks>
public sealed class Network
{
    private readonly double[] _parameters;

    /// <summary>Creates a network; <paramref name="parameters"/> follows <see cref="Architecture"/>'s flat layout and is copied.</summary>
    public Network(Architecture architecture, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (parameters.Length != architecture.ParameterCount)
        {
            throw new ArgumentException($"architecture {architecture} has {architecture.ParameterCount} parameters, got {parameters.Length}", nameof(parameters));
        }

        if (!parameters.ToArray().All(double.IsFinite))
        {
            throw new ArgumentException("network parameters must be finite", nameof(parameters));
        }

        Architecture = architecture;
        _parameters = parameters.ToArray();
    }

    /// <summary>The architecture.</summary>
    public Architecture Architecture { get; }

    /// <summary>The flat parameter vector w.</summary>
    public ReadOnlySpan<double> Parameters => _parameters;

    /// <summary>W_k[j, i], with k counted from 1.</summary>
    public double Weight(int k, int j, int i)
    {
        var layer = Architecture.Layer(k);
        return _parameters[layer.WeightOffset + (j * layer.Inputs) + i];
    }

    /// <summary>b_k[j] (zero when the network has no biases), with k counted from 1.</summary>
    public double Bias(int k, int j)
    {
        var layer = Architecture.Layer(k);
        return layer.HasBias ? _parameters[layer.BiasOffset + j] : 0;
    }

    /// <summary>Writes f(x, w) into <paramref name="output"/>.</summary>
    public void Evaluate(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != Architecture.InputWidth || output.Length != Architecture.OutputWidth)
        {
            throw new ArgumentException($"architecture {Architecture} maps {Architecture.InputWidth} inputs to {Architecture.OutputWidth} outputs");
        }

        var current = input.ToArray();
        for (var k = 1; k <= Architecture.LayerCount; k++)
        {
            current = PreActivations(k, current);
            if (k < Architecture.LayerCount && Architecture.Activation == Activation.Relu)
            {
                for (var j = 0; j < current.Length; j++)
                {
                    current[j] = Math.Max(0, current[j]);
                }
            }
        }

        current.CopyTo(output);
    }

    /// <summary>
    /// The same function in a network of the same depth whose hidden layers are at least as wide: the first units of each
    /// layer are this network's, every extra unit has zero weights in and out and a zero bias (so it outputs 0 under ReLU
    /// and feeds nothing forward). For an over-parameterized model this is the most singular true parameter, the point
    /// where lambda_ReLU's construction sits.
    /// </summary>
    /// <exception cref="ArgumentException">The architectures differ in depth, input or output width, activation or biases, or a layer is narrower.</exception>
    public Network EmbeddedIn(Architecture wider)
    {
        ArgumentNullException.ThrowIfNull(wider);
        var widths = Architecture.Widths;
        if (wider.LayerCount != Architecture.LayerCount || wider.InputWidth != Architecture.InputWidth || wider.OutputWidth != Architecture.OutputWidth
            || wider.Activation != Architecture.Activation || wider.HasBiases != Architecture.HasBiases
            || Enumerable.Range(1, widths.Count - 2).Any(k => wider.Widths[k] < widths[k]))
        {
            throw new ArgumentException($"{Architecture} embeds only in a network of the same depth, ends, activation and biases with hidden layers at least as wide, not {wider}", nameof(wider));
        }

        var parameters = new double[wider.ParameterCount];
        for (var k = 1; k <= Architecture.LayerCount; k++)
        {
            var (own, target) = (Architecture.Layer(k), wider.Layer(k));
            for (var j = 0; j < own.Outputs; j++)
            {
                for (var i = 0; i < own.Inputs; i++)
                {
                    parameters[target.WeightOffset + (j * target.Inputs) + i] = Weight(k, j, i);
                }

                if (own.HasBias)
                {
                    parameters[target.BiasOffset + j] = Bias(k, j);
                }
            }
        }

        return new Network(wider, parameters);
    }

    /// <summary>The pre-activations W_k o + b_k of layer <paramref name="k"/> for the layer input <paramref name="layerInput"/>.</summary>
    public double[] PreActivations(int k, ReadOnlySpan<double> layerInput)
    {
        var layer = Architecture.Layer(k);
        var result = new double[layer.Outputs];
        for (var j = 0; j < layer.Outputs; j++)
        {
            var sum = Bias(k, j);
            for (var i = 0; i < layer.Inputs; i++)
            {
                sum += Weight(k, j, i) * layerInput[i];
            }

            result[j] = sum;
        }

        return result;
    }
}
