namespace BayesFreeEnergy.Sampling;

/// <summary>The Markov kernels a chain can run.</summary>
public enum SamplerAlgorithm
{
    /// <summary>The No-U-Turn sampler with Stan's warm-up.</summary>
    Nuts,

    /// <summary>Hamiltonian Monte Carlo with a fixed integration time and Stan's warm-up.</summary>
    Hmc,

    /// <summary>Random-walk Metropolis with a proposal adapted toward 0.234 acceptance.</summary>
    Rwm,

    /// <summary>Stochastic-gradient Langevin dynamics with minibatches and optional localization.</summary>
    Sgld,
}
