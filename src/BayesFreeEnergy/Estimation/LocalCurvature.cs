using System.Numerics.Tensors;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Sampling.Kernels;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Curvature of the localized loss beta n L_n(w) + (gamma/2) |w - w0|^2 at w0, from Hessian-vector products taken as
/// central differences of exact gradients (each costs two full-batch gradients, whatever d is). It sets the step sizes
/// at which Langevin dynamics is accurate: along an eigenvector with curvature a, an unadjusted step eps multiplies
/// deviations by 1 - eps a / 2 and inflates their variance by 1 / (1 - eps a / 4), so eps a must stay well below 4.
/// </summary>
public sealed class LocalCurvature
{
    private readonly IModelEvaluator _evaluator;
    private readonly IPrior _prior;
    private readonly double[] _point;
    private readonly double _beta;
    private readonly double _localization;
    private readonly double _scale;
    private readonly double[] _shifted, _plus, _minus, _priorGradient;

    /// <summary>The localized loss of <paramref name="model"/> at <paramref name="point"/>.</summary>
    /// <param name="model">The model and data.</param>
    /// <param name="point">w0.</param>
    /// <param name="beta">Inverse temperature, Range: (0, 1].</param>
    /// <param name="localization">gamma, Range: &gt;= 0.</param>
    public LocalCurvature(ITemperedModel model, IReadOnlyList<double> point, double beta, double localization)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(point);
        _evaluator = model.CreateEvaluator();
        _prior = model.Prior;
        _point = [.. point];
        _beta = beta;
        _localization = localization;
        var d = _point.Length;
        _scale = 1e-5 * Math.Max(1, TensorPrimitives.Norm(_point) / Math.Sqrt(d));
        _shifted = new double[d];
        _plus = new double[d];
        _minus = new double[d];
        _priorGradient = new double[d];
    }

    /// <summary>
    /// The Hessian diagonal by Hutchinson's estimator, E[v ⊙ H v] over Rademacher v, floored at gamma (the localization's
    /// own curvature) so that noise or the kinks of ReLU cannot make it small or negative.
    /// </summary>
    /// <param name="probes">Random probe vectors, Range: at least 1.</param>
    public double[] Diagonal(int probes = 20)
    {
        var d = _point.Length;
        var sum = new double[d];
        var v = new double[d];
        var hv = new double[d];
        var random = new Numerics.RandomStream(2, 0xC1);
        for (var p = 0; p < probes; p++)
        {
            for (var i = 0; i < d; i++)
            {
                v[i] = random.NextInt(2) == 0 ? -1 : 1;
            }

            Product(v, hv);
            for (var i = 0; i < d; i++)
            {
                sum[i] += v[i] * hv[i];
            }
        }

        return [.. sum.Select(s => Math.Max(s / probes, Math.Max(_localization, 1e-12)))];
    }

    /// <summary>
    /// The localized Hessian as a symmetric d x d matrix (row-major), from d Hessian-vector products along the unit
    /// vectors (2d gradients), symmetrized.
    /// </summary>
    public double[] Matrix()
    {
        var d = _point.Length;
        var matrix = new double[d * d];
        var unit = new double[d];
        var column = new double[d];
        for (var j = 0; j < d; j++)
        {
            unit[j] = 1;
            Product(unit, column);
            unit[j] = 0;
            for (var i = 0; i < d; i++)
            {
                matrix[(i * d) + j] = column[i];
            }
        }

        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < i; j++)
            {
                matrix[(i * d) + j] = matrix[(j * d) + i] = (matrix[(i * d) + j] + matrix[(j * d) + i]) / 2;
            }
        }

        return matrix;
    }

    /// <summary>
    /// The largest eigenvalue (in absolute value) of G H, H the localized Hessian and G the <paramref name="preconditioner"/>
    /// (null: the identity), by power iteration. G H is similar to G^(1/2) H G^(1/2), the curvature SGLD sees.
    /// </summary>
    /// <param name="preconditioner">The G that SGLD's steps are multiplied by, or null.</param>
    /// <param name="iterations">Power iterations.</param>
    public double TopEigenvalue(SgldPreconditioner? preconditioner = null, int iterations = 30)
    {
        var d = _point.Length;
        var v = new double[d];
        var random = new Numerics.RandomStream(1, 0xC0);
        for (var i = 0; i < d; i++)
        {
            v[i] = random.NextGaussian();
        }

        var hv = new double[d];
        var eigenvalue = 0.0;
        for (var t = 0; t <= iterations; t++)
        {
            var norm = TensorPrimitives.Norm(v);
            if (t > 0)
            {
                eigenvalue = norm;
            }

            TensorPrimitives.Divide(v, norm, v);
            Product(v, hv);
            preconditioner?.Apply(hv);
            (v, hv) = (hv, v);
        }

        return eigenvalue;
    }

    // hv = (beta Hessian of n L_n + gamma I) v by central differences of the exact gradient.
    private void Product(double[] v, double[] hv)
    {
        Gradient(v, _scale, _plus);
        Gradient(v, -_scale, _minus);
        for (var i = 0; i < v.Length; i++)
        {
            hv[i] = (-(_plus[i] - _minus[i]) / (2 * _scale)) + (_localization * v[i]);
        }
    }

    // The gradient of -beta n L_n at w0 + step v: the tempered log density's minus the prior's.
    private void Gradient(double[] direction, double step, double[] gradient)
    {
        for (var i = 0; i < _shifted.Length; i++)
        {
            _shifted[i] = _point[i] + (step * direction[i]);
        }

        _evaluator.Evaluate(_shifted, _beta, gradient);
        _prior.LogDensity(_shifted, _priorGradient);
        TensorPrimitives.Subtract(gradient, _priorGradient, gradient);
    }
}
