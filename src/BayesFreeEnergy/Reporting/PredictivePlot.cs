using BayesFreeEnergy.Estimation;
using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>For one-dimensional inputs: the data, the 50% and 90% predictive bands, the predictive mean and a few posterior functions.</summary>
public static class PredictivePlot
{
    /// <summary>Writes <paramref name="pngPath"/> and the SVG beside it (first output only).</summary>
    public static void Write(string pngPath, PosteriorPredictive predictive, int outputs, Data.Dataset? data, int functions = 5)
    {
        ArgumentNullException.ThrowIfNull(predictive);
        var count = predictive.Inputs.Length;
        var order = Enumerable.Range(0, count).OrderBy(t => predictive.Inputs[t]).ToArray();
        var xs = order.Select(t => predictive.Inputs[t]).ToArray();
        PredictiveSummary At(int t) => predictive.Observation[t * outputs];
        var plot = new Plot();
        var outer = plot.Add.FillY(xs, [.. order.Select(t => At(t).Q5)], [.. order.Select(t => At(t).Q95)]);
        outer.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.15);
        outer.LegendText = "90% predictive interval (noise included)";
        var inner = plot.Add.FillY(xs, [.. order.Select(t => At(t).Q25)], [.. order.Select(t => At(t).Q75)]);
        inner.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.3);
        inner.LegendText = "50% predictive interval";
        var step = Math.Max(1, predictive.FunctionDraws.Length / functions);
        for (var k = 0; k < functions && k * step < predictive.FunctionDraws.Length; k++)
        {
            var draw = predictive.FunctionDraws[k * step];
            var line = plot.Add.ScatterLine(xs, [.. order.Select(t => draw[t * outputs])]);
            line.Color = Colors.Gray.WithAlpha(0.6);
            line.LegendText = k == 0 ? "posterior draws of f(x, w)" : "";
        }

        var mean = plot.Add.ScatterLine(xs, [.. order.Select(t => predictive.Function[t * outputs].Mean)]);
        mean.LineWidth = 2;
        mean.Color = Colors.Navy;
        mean.LegendText = "predictive mean";
        if (data is not null)
        {
            var points = plot.Add.ScatterPoints(data.Inputs.ToArray(), [.. Enumerable.Range(0, data.Count).Select(i => data.Target(i)[0])]);
            points.Color = Colors.OrangeRed.WithAlpha(0.6);
            points.MarkerSize = 4;
            points.LegendText = "data";
        }

        plot.Title("Posterior predictive");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.Save(plot, Path.GetDirectoryName(Path.GetFullPath(pngPath))!, Path.GetFileNameWithoutExtension(pngPath));
    }
}
