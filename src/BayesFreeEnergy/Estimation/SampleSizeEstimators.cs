namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Learning-coefficient estimators across sample sizes and data sets (docs/theory.md section 3, items 3 and 4): the slope of
/// F_n - n S_n against log n, and the average of n G_n over independent data sets.
/// </summary>
public static class SampleSizeEstimators
{
    /// <summary>
    /// Weighted least-squares slope of <paramref name="values"/> (F_n - n S_n, each with its standard error) against log n.
    /// The standard error combines the estimates' own errors with the scatter about the line (whichever is larger), so a
    /// misfit from the log log n term or O(1) fluctuations is not hidden.
    /// </summary>
    public static Estimate Slope(IReadOnlyList<int> sampleSizes, IReadOnlyList<Estimate> values) => LineFit(sampleSizes, values).Slope;

    /// <summary>The fit of <see cref="Slope"/> with its intercept: values ~ intercept + slope log n (for plotting the line).</summary>
    public static (Estimate Slope, double Intercept) LineFit(IReadOnlyList<int> sampleSizes, IReadOnlyList<Estimate> values)
    {
        ArgumentNullException.ThrowIfNull(sampleSizes);
        ArgumentNullException.ThrowIfNull(values);
        if (sampleSizes.Count != values.Count || sampleSizes.Distinct().Count() < 2)
        {
            throw new ArgumentException("the slope needs one estimate per sample size and at least two distinct sample sizes");
        }

        var x = sampleSizes.Select(n => Math.Log(n)).ToArray();
        var w = values.Select(v => v.StandardError > 0 ? 1 / (v.StandardError * v.StandardError) : 1).ToArray();
        var sw = w.Sum();
        var xBar = x.Select((xi, i) => w[i] * xi).Sum() / sw;
        var yBar = values.Select((v, i) => w[i] * v.Value).Sum() / sw;
        var sxx = x.Select((xi, i) => w[i] * (xi - xBar) * (xi - xBar)).Sum();
        var slope = x.Select((xi, i) => w[i] * (xi - xBar) * (values[i].Value - yBar)).Sum() / sxx;
        var intercept = yBar - (slope * xBar);
        var chiSquare = values.Select((v, i) => w[i] * Math.Pow(v.Value - intercept - (slope * x[i]), 2)).Sum();
        var dispersion = values.Count > 2 ? Math.Max(1, chiSquare / (values.Count - 2)) : 1;
        return (new Estimate(slope, Math.Sqrt(dispersion / sxx)), intercept);
    }

    /// <summary>The mean of n G_n over independent data sets, with the standard error of that mean (Range: at least two data sets).</summary>
    public static Estimate MeanScaledGeneralizationError(int n, IReadOnlyList<double> generalizationErrors)
    {
        ArgumentNullException.ThrowIfNull(generalizationErrors);
        if (generalizationErrors.Count < 2)
        {
            throw new ArgumentException("averaging n G_n needs at least two data sets");
        }

        return Estimate.MeanOfIndependent([.. generalizationErrors.Select(g => n * g)]);
    }
}
