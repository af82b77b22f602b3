using BayesFreeEnergy.Sampling.Core;

namespace BayesFreeEnergy.Sampling;

/// <summary>Adam ascent of a tempered log density: short optimizations for initialization, and MAP fits.</summary>
public static class ModeFinder
{
    /// <summary>
    /// Runs <paramref name="steps"/> Adam steps (Kingma and Ba 2015) uphill on the target's log density from
    /// <paramref name="position"/>, in place, and returns the final log density. Steps that would leave the
    /// prior's support are skipped.
    /// </summary>
    public static double Ascend(TemperedTarget target, Span<double> position, int steps, double learningRate = 0.01)
    {
        ArgumentNullException.ThrowIfNull(target);
        var d = position.Length;
        var gradient = new double[d];
        var m = new double[d];
        var v = new double[d];
        var previous = new double[d];
        var logDensity = target.Evaluate(position, gradient).LogDensity;
        for (var t = 1; t <= steps; t++)
        {
            position.CopyTo(previous);
            AdamStep(position, gradient, m, v, t, learningRate);

            var next = target.Evaluate(position, gradient).LogDensity;
            if (!double.IsFinite(next))
            {
                previous.CopyTo(position);
                logDensity = target.Evaluate(position, gradient).LogDensity;
                Array.Clear(m);
                continue;
            }

            logDensity = next;
        }

        return logDensity;
    }

    /// <summary>
    /// One Adam step uphill (Kingma and Ba 2015: beta1 0.9, beta2 0.999, epsilon 1e-8) on <paramref name="position"/> from
    /// <paramref name="gradient"/>, updating the moment estimates <paramref name="m"/> and <paramref name="v"/>; t counts from 1.
    /// With <paramref name="scale"/>, coordinate i's step is multiplied by scale[i].
    /// </summary>
    internal static void AdamStep(Span<double> position, ReadOnlySpan<double> gradient, Span<double> m, Span<double> v, int t, double learningRate,
        ReadOnlySpan<double> scale = default)
    {
        const double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
        var correction1 = 1 - Math.Pow(beta1, t);
        var correction2 = 1 - Math.Pow(beta2, t);
        for (var i = 0; i < position.Length; i++)
        {
            m[i] = (beta1 * m[i]) + ((1 - beta1) * gradient[i]);
            v[i] = (beta2 * v[i]) + ((1 - beta2) * gradient[i] * gradient[i]);
            var rate = scale.IsEmpty ? learningRate : learningRate * scale[i];
            position[i] += rate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + epsilon);
        }
    }
}
