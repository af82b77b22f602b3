using System.Globalization;
using BayesFreeEnergy.Diagnostics;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Experiments;
using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>
/// The figures of an experiment report. Quantities that span decades (lambda beside d/2, d, n) go on log axes with
/// labelled decades; error bars are one standard error (between-seed scatter where there are several seeds).
/// </summary>
public static class ExperimentPlots
{
    private static readonly (string Name, Func<ModelSummary, Estimate?> Pick)[] LambdaEstimators =
    [
        ("λ: WBIC at two temperatures", m => m.LambdaWbic2.Estimate),
        ("λ: β² Var[n L_n] at β = 1/log n", m => m.LambdaVariance.Estimate),
        ("λ: mean n G_n at the largest n", m => m.LambdaNG.Estimate),
        ("λ: slope of F_n − n S_n in log n", m => m.LambdaSlope?.Estimate),
    ];

    /// <summary>lambda estimates against the number of hidden layers, with d/2 and lambda_ReLU.</summary>
    public static Plot LambdaAgainstDepth(ExperimentSummary summary) =>
        LambdaPlot(summary, m => m.Depth + DepthSpread(summary, m), offset: 0.05, logX: false, "model depth (hidden layers)");

    /// <summary>lambda estimates against the parameter count d, with d/2 and lambda_ReLU.</summary>
    public static Plot LambdaAgainstDimension(ExperimentSummary summary) =>
        LambdaPlot(summary, m => Math.Log10(m.D), offset: 0.012, logX: true, "parameter count d (log scale)");

    /// <summary>F_n - n S_n against log n per model, with the fitted lines whose slopes estimate lambda.</summary>
    public static Plot FreeEnergy(ExperimentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var plot = new Plot();
        foreach (var model in summary.Models)
        {
            var sizes = model.BySize;
            var points = SizePoints(plot, summary, model, s => s.FreeEnergyMinusNSn);
            points.LineWidth = 0;
            if (sizes.Count >= 2)
            {
                var (slope, intercept) = SampleSizeEstimators.LineFit([.. sizes.Select(s => s.N)], [.. sizes.Select(s => s.FreeEnergyMinusNSn)]);
                var (first, last) = (Math.Log(sizes[0].N), Math.Log(sizes[^1].N));
                var line = plot.Add.Line(first, intercept + (slope.Value * first), last, intercept + (slope.Value * last));
                line.Color = points.Color;
                line.LinePattern = LinePattern.Dashed;
                points.LegendText = Invariant($"{model.Model}: slope {slope.Value:0.0} ± {slope.StandardError:0.0} (d/2 = {model.DHalf:0.#})");
            }
            else
            {
                points.LegendText = model.Model;
            }
        }

        SampleSizeAxis(plot, summary);
        plot.Title("Free energy minus n S_n: slope λ in log n, not d/2");
        plot.YLabel("F_n − n S_n (nats; F_n by stepping-stone)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>n G_n (Bayes) against n per model, with lambda_ReLU.</summary>
    public static Plot ScaledGeneralizationError(ExperimentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var plot = new Plot();
        foreach (var model in summary.Models)
        {
            SizePoints(plot, summary, model, s => s.NG).LegendText = Invariant($"{model.Model} (d/2 = {model.DHalf:0.#})");
        }

        BoundLine(plot, summary);
        SampleSizeAxis(plot, summary);
        plot.Title("Generalization error times n: E[n G_n] → λ");
        plot.YLabel("n G_n (nats)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Mean n G_n of the Bayes predictive and of the MAP plug-in at the largest n against d; null without MAP fits.</summary>
    public static Plot? BayesVersusMap(ExperimentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var models = summary.Models.Where(m => m.MapNG is not null).OrderBy(m => m.D).ToList();
        if (models.Count == 0)
        {
            return null;
        }

        var plot = new Plot();
        var ranges = new List<double>();
        foreach (var (name, pick) in new (string, Func<ModelSummary, Estimate>)[] { ("Bayes predictive (posterior average)", m => m.LambdaNG.Estimate), ("MAP plug-in (best of the Adam restarts)", m => m.MapNG!.Value) })
        {
            var kept = models.Where(m => pick(m).Value > 0).ToList();
            var xs = kept.Select(m => Math.Log10(m.D)).ToArray();
            var ys = kept.Select(m => Math.Log10(pick(m).Value)).ToArray();
            var points = plot.Add.Scatter(xs, ys);
            points.MarkerSize = 9;
            points.LegendText = name;
            LogErrorBars(plot, xs, [.. kept.Select(pick)], points.Color);
            ranges.AddRange(kept.Select(m => pick(m).Value));
        }

        LogAxis(plot.Axes.Bottom, models.Min(m => m.D), models.Max(m => m.D));
        LogAxis(plot.Axes.Left, ranges.DefaultIfEmpty(1).Min(), ranges.DefaultIfEmpty(1).Max());
        plot.Title(Invariant($"What averaging buys: n G_n at n = {models[0].LargestN} as the model grows"));
        plot.XLabel("parameter count d (log scale)");
        plot.YLabel("n G_n (nats, log scale)");
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>WAIC (loss scale) against G_n + S for every run, with the line of equality WAIC estimates.</summary>
    public static Plot WaicAgainstGeneralizationLoss(ExperimentSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var plot = new Plot();
        foreach (var group in summary.Runs.GroupBy(r => r.Model))
        {
            var points = plot.Add.Scatter(group.Select(r => r.GPlusS).ToArray(), group.Select(r => r.Waic.Value).ToArray());
            points.Color = ModelColor(summary, group.Key);
            points.LineWidth = 0;
            points.MarkerSize = 7;
            points.LegendText = group.Key;
        }

        // Per data set the two differ by how that set's S_n differs from S (the clusters are the data sets); the
        // relation is one of expectations, which the per-model means over data sets show.
        foreach (var group in summary.Runs.GroupBy(r => r.Model))
        {
            var mean = plot.Add.Scatter(new[] { group.Average(r => r.GPlusS) }, new[] { group.Average(r => r.Waic.Value) });
            mean.MarkerShape = MarkerShape.OpenCircle;
            mean.MarkerSize = 16;
            mean.Color = ModelColor(summary, group.Key);
        }

        var all = summary.Runs.SelectMany(r => new[] { r.GPlusS, r.Waic.Value }).ToList();
        var line = plot.Add.Line(all.Min(), all.Min(), all.Max(), all.Max());
        line.LinePattern = LinePattern.Dashed;
        line.Color = Colors.Gray;
        line.LegendText = "WAIC = G_n + S (open circles: model means)";
        plot.Title("WAIC against the generalization loss G_n + S: equal in expectation");
        plot.XLabel("G_n + S (nats per point, exact S and fresh test data)");
        plot.YLabel("WAIC, loss scale (nats per point)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>n L_n per draw at beta = 1, one line per chain.</summary>
    public static Plot Trace(ExperimentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new Plot();
        foreach (var (chain, c) in result.TraceNll.Select((chain, c) => (chain, c)))
        {
            var line = plot.Add.Scatter(Enumerable.Range(1, chain.Count).Select(i => (double)i).ToArray(), chain.ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 1;
            line.LegendText = $"chain {c + 1}";
        }

        plot.Title($"Trace of n L_n at β = 1: {result.Id}");
        plot.XLabel("draw (after warm-up)");
        plot.YLabel("n L_n (nats)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>Rank histogram of n L_n per chain (Vehtari et al. 2021): flat when the chains agree.</summary>
    public static Plot Rank(ExperimentRunResult result, int bins = 20)
    {
        ArgumentNullException.ThrowIfNull(result);
        var chains = result.TraceNll;
        var ranks = ConvergenceDiagnostics.Ranks([.. chains.SelectMany(c => c)]);
        var total = ranks.Length;
        var plot = new Plot();
        var offset = 0;
        var highest = 1.0;
        foreach (var (chain, c) in chains.Select((chain, c) => (chain, c)))
        {
            var counts = new double[bins];
            for (var i = 0; i < chain.Count; i++)
            {
                counts[Math.Min(bins - 1, (int)((ranks[offset + i] - 1) * bins / total))]++;
            }

            offset += chain.Count;
            highest = Math.Max(highest, counts.Max());
            // Each bin as a flat segment from its left to its right edge: a histogram outline per chain.
            var line = plot.Add.Scatter(Enumerable.Range(0, 2 * bins).Select(k => (double)((k + 1) / 2) / bins).ToArray(),
                Enumerable.Range(0, 2 * bins).Select(k => counts[k / 2]).ToArray());
            line.MarkerSize = 0;
            line.LegendText = $"chain {c + 1}";
        }

        var expected = plot.Add.HorizontalLine((double)chains[0].Count / bins);
        expected.LinePattern = LinePattern.Dashed;
        expected.Color = Colors.Gray;
        expected.LegendText = "uniform (chains agree)";
        plot.Title($"Rank plot of n L_n at β = 1: {result.Id}");
        plot.XLabel("rank of the draw among all chains (fraction)");
        plot.YLabel(Invariant($"draws per bin ({bins} bins)"));
        plot.Axes.SetLimitsY(0, highest * 1.1);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static Plot LambdaPlot(ExperimentSummary summary, Func<ModelSummary, double> position, double offset, bool logX, string xLabel)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var plot = new Plot();
        var models = summary.Models.OrderBy(position).ToList();
        var values = new List<double>();
        for (var e = 0; e < LambdaEstimators.Length; e++)
        {
            var (name, pick) = LambdaEstimators[e];
            var kept = models.Where(m => pick(m) is { Value: > 0 }).ToList();
            var xs = kept.Select(m => position(m) + ((e - 1.5) * offset)).ToArray();
            var points = plot.Add.Scatter(xs, [.. kept.Select(m => Math.Log10(pick(m)!.Value.Value))]);
            points.LineWidth = 0;
            points.MarkerSize = 8;
            points.LegendText = name;
            LogErrorBars(plot, xs, [.. kept.Select(m => pick(m)!.Value)], points.Color);
            values.AddRange(kept.Select(m => pick(m)!.Value.Value));
        }

        var half = plot.Add.Scatter(models.Select(position).ToArray(), [.. models.Select(m => Math.Log10(m.DHalf))]);
        half.Color = Colors.Black;
        half.MarkerShape = MarkerShape.OpenSquare;
        half.MarkerSize = 9;
        if (logX)
        {
            // Along d the regular value is one rising line; along depth, models of one depth differ in width.
            half.LinePattern = LinePattern.Dotted;
        }
        else
        {
            half.LineWidth = 0;
            foreach (var m in models)
            {
                var label = plot.Add.Text(m.Model, position(m), Math.Log10(m.DHalf));
                label.LabelFontSize = 11;
                label.LabelAlignment = Alignment.LowerCenter;
                label.OffsetY = -8;
            }
        }

        half.LegendText = "d/2 (a regular model of this size)";
        values.AddRange(models.Select(m => m.DHalf));
        BoundLine(plot, summary, log: true);
        values.AddRange(models.Where(m => m.LambdaRelu is not null).Select(m => m.LambdaRelu!.Value));
        LogAxis(plot.Axes.Left, values.Min(), values.Max());
        if (logX)
        {
            LogAxis(plot.Axes.Bottom, models.Min(m => m.D), models.Max(m => m.D));
        }
        else
        {
            var depths = models.Select(m => (double)m.Depth).Distinct().Order().ToArray();
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(depths, [.. depths.Select(d => d.ToString(CultureInfo.InvariantCulture))]);
        }

        plot.Title("Learning coefficient λ: set by the teacher, not by the model's size");
        plot.XLabel(xLabel);
        plot.YLabel("λ (log scale)");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    // One colour per model in every figure, so a model is recognized across them.
    private static Color ModelColor(ExperimentSummary summary, string model) =>
        new ScottPlot.Palettes.Category10().GetColor(summary.Experiment.Models.Select(m => m.ToString()).ToList().IndexOf(model));

    // One model's means per sample size with their error bars, at log n moved sideways by the model's jitter.
    private static ScottPlot.Plottables.Scatter SizePoints(Plot plot, ExperimentSummary summary, ModelSummary model, Func<SizeSummary, Estimate> pick)
    {
        var xs = model.BySize.Select(s => Math.Log(s.N) + Jitter(summary, model)).ToArray();
        var ys = model.BySize.Select(s => pick(s).Value).ToArray();
        var points = plot.Add.Scatter(xs, ys);
        points.Color = ModelColor(summary, model.Model);
        points.MarkerSize = 8;
        plot.Add.ErrorBar(xs, ys, [.. model.BySize.Select(s => pick(s).StandardError)]).Color = points.Color;
        return points;
    }

    // Models of one depth sit side by side around it, in the experiment's order.
    private static double DepthSpread(ExperimentSummary summary, ModelSummary model)
    {
        var peers = summary.Models.Where(m => m.Depth == model.Depth).ToList();
        return 0.3 * (peers.IndexOf(model) - ((peers.Count - 1) / 2.0));
    }

    // Spreads the models' points at one n sideways (in log n) so their error bars do not cover each other.
    private static double Jitter(ExperimentSummary summary, ModelSummary model)
    {
        var i = summary.Models.ToList().IndexOf(model);
        return 0.012 * (i - ((summary.Models.Count - 1) / 2.0));
    }

    private static void BoundLine(Plot plot, ExperimentSummary summary, bool log = false)
    {
        var bounds = summary.Models.Select(m => m.LambdaRelu).Where(b => b is not null).Distinct().ToList();
        foreach (var bound in bounds)
        {
            var line = plot.Add.HorizontalLine(log ? Math.Log10(bound!.Value) : bound!.Value);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.DarkRed;
            line.LegendText = Invariant($"λ_ReLU = {bound:0.##} (upper bound)");
        }
    }

    // Error bars of +-1 SE drawn on a log10 axis: asymmetric, the lower end clipped at a tenth of the value.
    private static void LogErrorBars(Plot plot, double[] xs, IReadOnlyList<Estimate> estimates, Color color)
    {
        var ys = estimates.Select(e => Math.Log10(e.Value)).ToArray();
        var bars = plot.Add.ErrorBar(xs, ys, new double[xs.Length]);
        bars.YErrorPositive = [.. estimates.Select((e, i) => Math.Log10(e.Value + e.StandardError) - ys[i])];
        bars.YErrorNegative = [.. estimates.Select((e, i) => ys[i] - Math.Log10(Math.Max(e.Value / 10, e.Value - e.StandardError)))];
        bars.Color = color;
    }

    // Ticks at 1, 2 and 5 times powers of ten spanning [min, max]; positions are log10 values.
    private static void LogAxis(IAxis axis, double min, double max)
    {
        var ticks = new List<double>();
        for (var k = (int)Math.Floor(Math.Log10(min)) - 1; k <= (int)Math.Ceiling(Math.Log10(max)) + 1; k++)
        {
            foreach (var m in new[] { 1.0, 2.0, 5.0 })
            {
                var v = m * Math.Pow(10, k);
                if (v >= min / 1.5 && v <= max * 1.5)
                {
                    ticks.Add(v);
                }
            }
        }

        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks.Select(Math.Log10)], [.. ticks.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))]);
    }

    private static void SampleSizeAxis(Plot plot, ExperimentSummary summary)
    {
        var sizes = summary.Experiment.SampleSizes.Order().Select(n => (double)n).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. sizes.Select(n => Math.Log(n))],
            [.. sizes.Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        plot.XLabel("sample size n (log scale)");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
