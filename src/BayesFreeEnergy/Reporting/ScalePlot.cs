using BayesFreeEnergy.Experiments;
using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>
/// The scale experiment's picture: each student's local learning coefficient against its parameter count d (both on log
/// scales), at the embedded teacher and at a trained network, beside d/2 (a regular model) and lambda_ReLU (the proven
/// bound on the global learning coefficient).
/// </summary>
public static class ScalePlot
{
    /// <summary>Writes <c>scale.png</c> and <c>scale.svg</c> into <paramref name="folder"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<ScaleRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var plot = new Plot();
        var ds = rows.Select(r => r.D).Distinct().Order().Select(d => (double)d).ToArray();
        if (ds.Length > 0)
        {
            var half = plot.Add.Scatter(ds.Select(Math.Log10).ToArray(), ds.Select(d => Math.Log10(d / 2)).ToArray());
            half.MarkerSize = 0;
            half.LinePattern = LinePattern.Dotted;
            half.Color = Colors.Gray;
            half.LegendText = "d/2 (a regular model)";
        }

        var bounded = rows.Where(r => r.LambdaRelu is > 0).GroupBy(r => r.D).Select(g => (D: (double)g.Key, Bound: g.First().LambdaRelu!.Value)).OrderBy(p => p.D).ToArray();
        if (bounded.Length > 0)
        {
            var bound = plot.Add.Scatter(bounded.Select(p => Math.Log10(p.D)).ToArray(), bounded.Select(p => Math.Log10(p.Bound)).ToArray());
            bound.MarkerSize = 0;
            bound.LinePattern = LinePattern.Dashed;
            bound.Color = Colors.Black;
            bound.LegendText = "λ_ReLU (bound on the global λ)";
        }

        var palette = new ScottPlot.Palettes.Category10();
        foreach (var (centre, k) in rows.Select(r => r.Centre).Distinct().Select((c, k) => (c, k)))
        {
            var color = palette.GetColor(k);
            foreach (var (kind, shape) in new[] { ("ok", MarkerShape.FilledCircle), ("checks pass, above λ_ReLU", MarkerShape.FilledSquare), ("unreliable", MarkerShape.OpenCircle) })
            {
                var points = rows.Where(r => r.Centre == centre && r.Llc.Value > 0 && double.IsFinite(r.Llc.Value)
                    && (r.Llc.IsOk ? "ok" : r.OnlyAboveBound ? "checks pass, above λ_ReLU" : "unreliable") == kind).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var scatter = plot.Add.ScatterPoints(points.Select(r => Math.Log10(r.D)).ToArray(), points.Select(r => Math.Log10(r.Llc.Value)).ToArray());
                scatter.MarkerSize = 9;
                scatter.MarkerShape = shape;
                scatter.Color = color;
                scatter.LegendText = $"LLC at the {(centre == ScaleCentre.Teacher ? "embedded teacher" : "trained network")}: {kind}";
            }
        }

        plot.Title("Local learning coefficient of ReLU students against their size");
        plot.XLabel("log10 d (parameters)");
        plot.YLabel("log10 λ");
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.Save(plot, folder, "scale");
        return [Path.Combine(folder, "scale.png"), Path.Combine(folder, "scale.svg")];
    }
}
