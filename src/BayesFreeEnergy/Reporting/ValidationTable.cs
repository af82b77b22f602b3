using System.Globalization;
using System.Text;
using BayesFreeEnergy.Validation;

namespace BayesFreeEnergy.Reporting;

/// <summary>The ground-truth suite's results as Markdown tables (docs/validation.md holds the committed ones).</summary>
public static class ValidationTable
{
    /// <summary>The totals per estimator, then one row per estimator, case and n.</summary>
    /// <param name="summary">The suite's summary.</param>
    /// <param name="command">The command that produced it.</param>
    /// <param name="wall">Its wall time (the sum of the runs' times).</param>
    public static string Markdown(GroundTruthSummary summary, string command, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(summary);
        static string F(double v, string format = "0.00") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"`{command}` ({wall.TotalMinutes:0.0} min)");
        text.AppendLine();
        text.AppendLine("| estimator | estimates | ok | ok and within tolerance | ok but outside | coverage of ok | median \\|z\\| (all) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var t in summary.Totals)
        {
            var z = t.Z.Where(double.IsFinite).Select(Math.Abs).Order().ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Name(t.Estimator)} | {t.Estimates} | {t.Ok} | {t.Covered} | {t.OutsideAndOk} | {F(100 * t.Coverage, "0")}% | {(z.Count > 0 ? F(z[z.Count / 2], "0.0") : "–")} |");
        }

        text.AppendLine();
        text.AppendLine("| estimator | case | n | λ | estimates | ok | mean (all) | bias (ok) | se (ok) | allowance | ok within | reasons when unreliable |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in summary.Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {Name(r.Estimator)} | {r.Case} | {r.N} | {(r.Exact ? "" : "≤ ")}{F(r.Lambda, "0.##")} | {r.Estimates} | {r.Ok} | {F(r.Mean)} | {F(r.Bias)} | {F(r.MeanSe)} | {F(r.Allowance)} | {r.Covered}/{r.Ok} | {string.Join("; ", r.Reasons)} |");
        }

        return text.ToString();
    }

    private static string Name(GroundTruthEstimator estimator) => estimator switch
    {
        GroundTruthEstimator.TwoTemperatures => "WBIC two temperatures",
        GroundTruthEstimator.Variance => "variance",
        GroundTruthEstimator.Llc => "LLC",
        _ => "n G_n (mean over seeds)",
    };
}
