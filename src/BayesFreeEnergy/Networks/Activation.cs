namespace BayesFreeEnergy.Networks;

/// <summary>The activation applied after every hidden layer (the output layer is always affine).</summary>
public enum Activation
{
    /// <summary>max(0, z): the deep ReLU networks that singular learning theory studies here.</summary>
    Relu,

    /// <summary>The identity: a deep linear network, whose learning coefficient is known exactly.</summary>
    Identity,
}
