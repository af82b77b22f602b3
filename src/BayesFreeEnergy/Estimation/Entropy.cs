using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Estimation;

/// <summary>The entropies of a known teacher q(y|x) = N(y; teacher(x), s^2 I) (docs/theory.md section 2).</summary>
public static class Entropy
{
    /// <summary>Empirical entropy S_n = -(1/n) sum_i log q(y_i | x_i).</summary>
    public static double Empirical(Network teacher, Dataset data, double noise)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(data);
        var model = new GaussianRegressionModel(teacher.Architecture, data, noise, new GaussianPrior(1));
        return model.CreateEvaluator().NegLogLikelihood(teacher.Parameters) / data.Count;
    }

    /// <summary>Entropy S = (N/2) log(2 pi e s^2).</summary>
    public static double Exact(int outputs, double noise) => 0.5 * outputs * Math.Log(2 * Math.PI * Math.E * noise * noise);
}
