using BayesFreeEnergy.Estimation;
using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>
/// Plots that show whether a temperature ladder was adequate: the thermodynamic-integration curve E_beta[n L_n]
/// against beta with its error bars and the integrated area, and the swap acceptance between neighbouring rungs.
/// </summary>
public static class LadderPlots
{
    /// <summary>Writes <c>ti.png</c>, <c>ti.svg</c>, <c>swaps.png</c> and <c>swaps.svg</c> into <paramref name="folder"/>.</summary>
    public static IReadOnlyList<string> Write(string folder, IReadOnlyList<double> betas, IReadOnlyList<Estimate> integrand,
        IReadOnlyList<double> swapRates, double freeEnergy)
    {
        ArgumentNullException.ThrowIfNull(betas);
        ArgumentNullException.ThrowIfNull(integrand);
        ArgumentNullException.ThrowIfNull(swapRates);
        Directory.CreateDirectory(folder);
        // A power ladder is dense near beta = 0, where E_beta[n L_n] falls from the prior's misfit to the posterior's,
        // so beta goes on a log axis (the beta = 0 rung is reported in the legend).
        var positive = Enumerable.Range(0, betas.Count).Where(j => betas[j] > 0).ToArray();
        var xs = positive.Select(j => Math.Log10(betas[j])).ToArray();
        var ys = positive.Select(j => integrand[j].Value).ToArray();

        var ti = new Plot();
        var area = ti.Add.FillY(xs, ys, [.. ys.Select(_ => Math.Min(0, ys.Min()))]);
        area.FillStyle.Color = Colors.SteelBlue.WithAlpha(0.2);
        area.LegendText = $"F_n = ∫₀¹ E_β[n L_n] dβ ≈ {freeEnergy:0.##} nats (corrected trapezoid in β)";
        var curve = ti.Add.Scatter(xs, ys);
        curve.LegendText = betas[0] == 0 ? $"E_β[n L_n] per rung (β = 0: {integrand[0].Value:0.#})" : "E_β[n L_n] per rung";
        var bars = ti.Add.ErrorBar(xs, ys, [.. positive.Select(j => 2 * integrand[j].StandardError)]);
        bars.LegendText = "± 2 Monte Carlo standard errors";
        var decades = Enumerable.Range((int)Math.Floor(xs.Min()), 1 - (int)Math.Floor(xs.Min())).Select(k => (double)k).ToArray();
        ti.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(decades, [.. decades.Select(k => k == 0 ? "1" : $"1e{k}")]);
        ti.Title("Thermodynamic integration over the β ladder");
        ti.XLabel("inverse temperature β (log scale)");
        ti.YLabel("E_β[n L_n] (nats)");
        ti.ShowLegend(Alignment.UpperRight);

        var swaps = new Plot();
        var mids = Enumerable.Range(0, swapRates.Count).Select(j => (double)(j + 1)).ToArray();
        swaps.Add.Bars(mids, [.. swapRates]);
        var floor = swaps.Add.HorizontalLine(0.1);
        floor.LinePattern = LinePattern.Dashed;
        floor.LegendText = "0.1: add rungs below this";
        swaps.Title("Swap acceptance between neighbouring rungs");
        swaps.XLabel("rung pair j, j+1 (β increasing →)");
        swaps.YLabel("acceptance rate");
        swaps.Axes.SetLimitsY(0, 1.05);
        swaps.ShowLegend(Alignment.UpperRight);

        var files = new List<string>();
        foreach (var (plot, name) in new[] { (ti, "ti"), (swaps, "swaps") })
        {
            PlotFile.Save(plot, folder, name);
            files.Add(Path.Combine(folder, name + ".png"));
            files.Add(Path.Combine(folder, name + ".svg"));
        }

        return files;
    }
}
