namespace BayesFreeEnergy.Numerics;

/// <summary>Student's t distribution with an integer number of degrees of freedom.</summary>
public static class StudentT
{
    /// <summary>
    /// P(|T| &lt;= t) for T with <paramref name="degreesOfFreedom"/> degrees of freedom, by the finite series in
    /// theta = atan(t / sqrt(nu)) (Abramowitz and Stegun 26.7.3 and 26.7.4), exact up to rounding.
    /// </summary>
    /// <param name="t">Range: t &gt;= 0.</param>
    /// <param name="degreesOfFreedom">Range: at least 1.</param>
    public static double TwoSidedProbability(double t, int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        var theta = Math.Atan(t / Math.Sqrt(degreesOfFreedom));
        var c2 = Math.Cos(theta) * Math.Cos(theta);
        var sum = 1.0;
        var term = 1.0;
        if (degreesOfFreedom % 2 == 0)
        {
            // sin(theta) (1 + (1/2) c^2 + (1.3)/(2.4) c^4 + ... up to c^(nu - 2)).
            for (var k = 2; k <= degreesOfFreedom - 2; k += 2)
            {
                term *= c2 * (k - 1) / k;
                sum += term;
            }

            return Math.Sin(theta) * sum;
        }

        if (degreesOfFreedom == 1)
        {
            return 2 * theta / Math.PI;
        }

        // (2/pi) (theta + sin(theta) cos(theta) (1 + (2/3) c^2 + (2.4)/(3.5) c^4 + ... up to c^(nu - 3))).
        for (var k = 3; k <= degreesOfFreedom - 2; k += 2)
        {
            term *= c2 * (k - 1) / k;
            sum += term;
        }

        return 2 / Math.PI * (theta + (Math.Sin(theta) * Math.Cos(theta) * sum));
    }

    /// <summary>The t with P(|T| &lt;= t) = <paramref name="coverage"/>, by bisection to 1e-12 relative.</summary>
    /// <param name="coverage">Range: (0, 1).</param>
    /// <param name="degreesOfFreedom">Range: at least 1.</param>
    public static double TwoSidedQuantile(double coverage, int degreesOfFreedom)
    {
        if (!(coverage > 0 && coverage < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(coverage), coverage, "the coverage must lie strictly between 0 and 1");
        }

        var high = 1.0;
        while (TwoSidedProbability(high, degreesOfFreedom) < coverage)
        {
            high *= 2;
        }

        var low = 0.0;
        while (high - low > 1e-12 * high)
        {
            var middle = (low + high) / 2;
            (low, high) = TwoSidedProbability(middle, degreesOfFreedom) < coverage ? (middle, high) : (low, middle);
        }

        return (low + high) / 2;
    }
}
