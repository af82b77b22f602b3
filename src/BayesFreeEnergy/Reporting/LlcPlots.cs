using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Sampling;
using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>
/// The plots an LLC user looks at before trusting the number: the loss trace of the SGLD chains on the lambda scale,
/// and the calibration grid (estimate against step size, the chosen step marked); the trace also as CSV, for other tools.
/// </summary>
public static class LlcPlots
{
    /// <summary>
    /// Writes <c>llc-trace.png/svg</c>, <c>llc-trace.csv</c> (chain, draw, n L_n, its lambda scale and whether the draw was
    /// left out as transient) and, with a calibration, <c>llc-calibration.png/svg</c> into <paramref name="folder"/>.
    /// </summary>
    /// <param name="folder">Output folder.</param>
    /// <param name="estimate">The final estimate.</param>
    /// <param name="beta">The inverse temperature of the run.</param>
    /// <param name="calibration">The grid, when the step size was calibrated.</param>
    public static IReadOnlyList<string> Write(string folder, LlcEstimate estimate, double beta, LlcCalibration? calibration)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        Directory.CreateDirectory(folder);
        var trace = new Plot();
        foreach (var chain in estimate.Trace.Chains)
        {
            var values = chain.Draws.Column(ChainResult.NegLogLikelihoodColumn).Select(v => beta * (v - estimate.CenterLoss)).ToArray();
            var line = trace.Add.Scatter(Enumerable.Range(1, values.Length).Select(i => (double)i).ToArray(), values);
            line.MarkerSize = 0;
            line.LineWidth = 1;
            line.LegendText = $"chain {chain.Chain}";
        }

        if (estimate.TransientDraws > 0)
        {
            var cut = trace.Add.VerticalLine(estimate.TransientDraws + 0.5);
            cut.LinePattern = LinePattern.Dotted;
            cut.LegendText = $"left of it: the climb from w0, left out ({estimate.TransientDraws} draws, MSER-5)";
        }

        var level = trace.Add.HorizontalLine(estimate.Lambda.Value);
        level.LinePattern = LinePattern.Dashed;
        level.LegendText = $"LLC {estimate.Lambda.Value:0.##} ± {estimate.Lambda.StandardError:0.##} ({estimate.Lambda.Status}{(estimate.ExtrapolatedFrom is null ? "" : "; extrapolated to step 0")})";
        trace.Title($"LLC loss trace (step {estimate.StepSize:G3}): it should settle");
        trace.XLabel("draw (after warm-up)");
        trace.YLabel("β (n L_n(w) − n L_n(w0))");
        trace.ShowLegend(Edge.Right);
        var files = new List<string>();
        PlotFile.Save(trace, folder, "llc-trace");
        files.AddRange([Path.Combine(folder, "llc-trace.png"), Path.Combine(folder, "llc-trace.svg"), Path.Combine(folder, "llc-trace.csv")]);
        CsvTable.Write(files[^1], ["chain", "draw", "n_ln", "llc", "transient"], estimate.Trace.Chains.SelectMany(chain => chain.Draws.Column(ChainResult.NegLogLikelihoodColumn)
            .Select((v, i) => new object?[] { chain.Chain, i + 1, v, beta * (v - estimate.CenterLoss), i < estimate.TransientDraws })));
        if (calibration is null)
        {
            return files;
        }

        var grid = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        // An extrapolated estimate is shown on a linear step axis, with the line through each localization's two runs
        // down to step 0; a grid of halving steps on a logarithmic one.
        var extrapolated = calibration.Final.ExtrapolatedFrom is not null;
        double X(double step) => extrapolated ? step : Math.Log10(step);
        foreach (var (gamma, k) in calibration.Grid.Select(g => g.Localization).Distinct().Select((gamma, k) => (gamma, k)))
        {
            var color = palette.GetColor(k);
            // The localization's extrapolated candidate at step 0, joined to its run at the larger step (the smaller lies between).
            var candidate = calibration.Candidates.FirstOrDefault(c => c.Localization == gamma && c.ExtrapolatedFrom is not null);
            // The last run at that step: when the steps were halved, an earlier pair's fine run has the same step.
            var coarse = calibration.Grid.LastOrDefault(g => g.Localization == gamma && g.StepSize == candidate?.ExtrapolatedFrom);
            if (candidate is not null && coarse is not null)
            {
                var line = grid.Add.Line(0, candidate.Lambda.Value, coarse.StepSize, coarse.Lambda.Value);
                line.Color = color;
                line.LinePattern = LinePattern.Dotted;
            }

            foreach (var ok in new[] { true, false })
            {
                var points = calibration.Grid.Where(g => g.Localization == gamma && g.Lambda.IsOk == ok && double.IsFinite(g.Lambda.Value)).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                var xs = points.Select(g => X(g.StepSize)).ToArray();
                var ys = points.Select(g => g.Lambda.Value).ToArray();
                var scatter = grid.Add.ScatterPoints(xs, ys);
                scatter.MarkerSize = 8;
                scatter.MarkerShape = ok ? MarkerShape.FilledCircle : MarkerShape.OpenCircle;
                scatter.Color = color;
                scatter.LegendText = $"γ = {gamma:G3}, runs {(ok ? "ok" : "unreliable")}";
                var bars = grid.Add.ErrorBar(xs, ys, [.. points.Select(g => double.IsFinite(g.Lambda.StandardError) ? 2 * g.Lambda.StandardError : 0)]);
                bars.Color = color;
            }
        }

        var final = calibration.Final;
        var chosen = grid.Add.HorizontalLine(final.Lambda.Value);
        chosen.LinePattern = LinePattern.Dashed;
        chosen.LegendText = $"reported: {final.Lambda.Value:0.##} ± {final.Lambda.StandardError:0.##} at γ = {final.Localization:G3}, {final.StepDescription} ({final.Lambda.Status})";
        // Runs that failed can be far off; the axis shows the ok ones (and the reported value) in full.
        var shown = calibration.Grid.Where(g => g.Lambda.IsOk && double.IsFinite(g.Lambda.StandardError)).ToList();
        if (shown.Count > 0)
        {
            var low = Math.Min(shown.Min(g => g.Lambda.Value - (2 * g.Lambda.StandardError)), final.Lambda.Value);
            var high = Math.Max(shown.Max(g => g.Lambda.Value + (2 * g.Lambda.StandardError)), final.Lambda.Value);
            var margin = 0.15 * Math.Max(high - low, 0.1);
            grid.Axes.SetLimitsY(low - margin, high + margin);
        }

        grid.Title(extrapolated ? "LLC: two steps, extrapolated to 0 (± 2 se)" : "LLC calibration: the step grid (± 2 se)");
        grid.XLabel(extrapolated ? "SGLD step size (in the adapted G's units)" : "log10 SGLD step size");
        grid.YLabel("LLC estimate");
        grid.ShowLegend(Edge.Right);
        PlotFile.Save(grid, folder, "llc-calibration");
        files.AddRange([Path.Combine(folder, "llc-calibration.png"), Path.Combine(folder, "llc-calibration.svg")]);
        return files;
    }
}
