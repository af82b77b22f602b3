namespace BayesFreeEnergy.Networks;

/// <summary>
/// Where one affine layer o_k = act(W_k o_{k-1} + b_k) lives in the flat parameter vector.
/// </summary>
/// <param name="Inputs">Width of the layer's input, H_{k-1}.</param>
/// <param name="Outputs">Width of the layer's output, H_k.</param>
/// <param name="WeightOffset">Index of W_k[0, 0]; W_k is stored row-major, so W_k[j, i] is at WeightOffset + j * Inputs + i.</param>
/// <param name="BiasOffset">Index of b_k[0], directly after W_k; -1 when the network has no biases.</param>
public readonly record struct LayerShape(int Inputs, int Outputs, int WeightOffset, int BiasOffset)
{
    /// <summary>Number of parameters of this layer (weights plus biases).</summary>
    public int ParameterCount => (Inputs * Outputs) + (BiasOffset >= 0 ? Outputs : 0);

    /// <summary>Whether this layer has a bias vector.</summary>
    public bool HasBias => BiasOffset >= 0;
}
