namespace BayesFreeEnergy.Variational;

/// <summary>The Gaussian families <see cref="VariationalInference"/> fits.</summary>
public enum VariationalFamily
{
    /// <summary>Independent coordinates: q = N(mu, diag(sigma^2)), 2d parameters (Stan's meanfield ADVI).</summary>
    MeanField,

    /// <summary>Any covariance: q = N(mu, L L^T), L lower-triangular, d + d(d+1)/2 parameters (Stan's fullrank ADVI).</summary>
    FullRank,
}
