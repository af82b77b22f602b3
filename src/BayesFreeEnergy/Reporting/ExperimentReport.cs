using System.Globalization;
using System.Net;
using System.Text;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Experiments;
using ScottPlot;

namespace BayesFreeEnergy.Reporting;

/// <summary>
/// Writes an experiment's report: a self-contained <c>report.html</c> (plots embedded), every plot as PNG and SVG,
/// and the tables as CSV (<c>lambda.csv</c> per model, <c>by-size.csv</c> per model and n, <c>runs.csv</c> per run).
/// </summary>
public static class ExperimentReport
{
    private const int Width = 1000;
    private const int Height = 560;

    /// <summary>Writes the report into <paramref name="folder"/> and returns the files written.</summary>
    /// <param name="folder">The report folder.</param>
    /// <param name="summary">The experiment's summary.</param>
    /// <param name="results">Its finished runs.</param>
    /// <param name="variational">The runs' variational comparison (<c>bfe vi-compare</c>), shown in its own section; null leaves it out.</param>
    public static IReadOnlyList<string> Write(string folder, ExperimentSummary summary, IReadOnlyList<ExperimentRunResult> results,
        IReadOnlyList<VariationalComparisonRow>? variational = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(results);
        if (summary.Runs.Count == 0)
        {
            throw new InvalidInputException("no finished runs to report on", nameof(summary));
        }

        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var figures = new List<(string Name, string Caption, byte[] Png)>();
        void Figure(string name, Plot? plot, string caption)
        {
            if (plot is null)
            {
                return;
            }

            var png = PlotFile.Save(plot, folder, name, Width, Height);
            files.Add(Path.Combine(folder, name + ".png"));
            files.Add(Path.Combine(folder, name + ".svg"));
            figures.Add((name, caption, png));
        }

        Figure("lambda-depth", ExperimentPlots.LambdaAgainstDepth(summary),
            "Every λ estimate per model against its depth, beside d/2 (what a regular model of that size would have) and the ReLU bound λ_ReLU. Estimates that are not positive cannot be shown on the log axis; see lambda.csv.");
        Figure("lambda-d", ExperimentPlots.LambdaAgainstDimension(summary),
            "The same estimates against the parameter count d: d/2 grows with the model, λ does not.");
        Figure("free-energy", ExperimentPlots.FreeEnergy(summary),
            "F_n − n S_n (mean over data seeds) against log n; F_n = λ log n − (m − 1) log log n + O_p(1) + n S_n, so the fitted slope estimates λ. The O_p(1) term varies between data sets, which the error bars include.");
        Figure("generalization", ExperimentPlots.ScaledGeneralizationError(summary),
            "n G_n of the Bayes predictive (KL from the teacher on fresh test points), mean over data seeds; its expectation tends to λ, not d/2.");
        Figure("bayes-vs-map", ExperimentPlots.BayesVersusMap(summary),
            "n G_n of the Bayes predictive and of the MAP plug-in predictive on the same test points, at the largest n, as the model grows.");
        Figure("waic", ExperimentPlots.WaicAgainstGeneralizationLoss(summary),
            "WAIC (loss scale, from the training data only) against the generalization loss G_n + S, one point per run. E[WAIC] = E[G_n] + S (docs/theory.md section 2); for one data set the two differ by how its empirical entropy S_n differs from S, so the runs cluster by data set and the agreement shows in the per-model means over data sets (open circles).");
        foreach (var model in summary.Models)
        {
            var worst = results.Where(r => r.Model == model.Model && r.N == model.LargestN).MaxBy(r => r.FreeEnergy.Rungs.Max(g => g.RhatNll));
            if (worst is not null)
            {
                Figure($"trace-{model.Model}", ExperimentPlots.Trace(worst), $"Trace of n L_n at β = 1 for {worst.Id} (the least converged run of {model.Model} at n = {model.LargestN}).");
                Figure($"rank-{model.Model}", ExperimentPlots.Rank(worst), $"Rank plot of the same draws: each chain's histogram should be flat.");
            }
        }

        files.AddRange(WriteTables(folder, summary));
        var html = Path.Combine(folder, "report.html");
        AtomicFile.Write(html, writer => writer.Write(Html(summary, figures, variational)));
        files.Add(html);
        return files;
    }

    private static IEnumerable<string> WriteTables(string folder, ExperimentSummary summary)
    {
        var lambda = Path.Combine(folder, "lambda.csv");
        CsvTable.Write(lambda, ["model", "depth", "width", "d", "d_half", "lambda_relu", "largest_n", "lambda_wbic2", "lambda_wbic2_se", "lambda_variance",
            "lambda_variance_se", "lambda_ng", "lambda_ng_se", "lambda_slope", "lambda_slope_se", "map_ng", "map_ng_se"],
            summary.Models.Select(m => new object?[] { m.Model, m.Depth, m.Width, m.D, m.DHalf, m.LambdaRelu, m.LargestN, m.LambdaWbic2.Value, m.LambdaWbic2.StandardError,
                m.LambdaVariance.Value, m.LambdaVariance.StandardError, m.LambdaNG.Value, m.LambdaNG.StandardError, m.LambdaSlope?.Value, m.LambdaSlope?.StandardError,
                m.MapNG?.Value, m.MapNG?.StandardError }));
        var bySize = Path.Combine(folder, "by-size.csv");
        CsvTable.Write(bySize, ["model", "d", "n", "seeds", "f_minus_nsn", "f_minus_nsn_se", "lambda_wbic2", "lambda_wbic2_se", "lambda_variance", "lambda_variance_se",
            "ng", "ng_se", "map_ng", "map_ng_se"],
            summary.Models.SelectMany(m => m.BySize.Select(s => new object?[] { m.Model, m.D, s.N, s.Seeds, s.FreeEnergyMinusNSn.Value, s.FreeEnergyMinusNSn.StandardError,
                s.LambdaWbic2.Value, s.LambdaWbic2.StandardError, s.LambdaVariance.Value, s.LambdaVariance.StandardError, s.NG.Value, s.NG.StandardError,
                s.MapNG?.Value, s.MapNG?.StandardError })));
        var runs = Path.Combine(folder, "runs.csv");
        CsvTable.Write(runs, ["id", "model", "depth", "width", "d", "n", "seed", "f_ss", "f_ss_se", "f_ti", "f_ti_se", "n_sn", "f_minus_nsn", "lambda_wbic2", "lambda_wbic2_se",
            "lambda_variance", "lambda_variance_se", "g", "g_se", "ng", "map_ng", "waic", "waic_se", "g_plus_s", "max_rhat", "min_ess_bulk", "divergences",
            "divergent_fraction", "min_swap_rate", "round_trips", "passed", "flags", "wall_seconds"],
            summary.Runs.Select(r => new object?[] { r.Id, r.Model, r.Depth, r.Width, r.D, r.N, r.Seed, r.FreeEnergySs.Value, r.FreeEnergySs.StandardError,
                r.FreeEnergyTi.Value, r.FreeEnergyTi.StandardError, r.NSn, r.FreeEnergyMinusNSn.Value, r.LambdaWbic2.Value, r.LambdaWbic2.StandardError,
                r.LambdaVariance.Value, r.LambdaVariance.StandardError, r.G.Value, r.G.StandardError, r.NG.Value, r.MapNG?.Value, r.Waic.Value, r.Waic.StandardError,
                r.GPlusS, r.MaxRhat, r.MinEssBulk, r.Divergences, r.DivergentFraction, r.MinSwapRate, r.RoundTrips, r.Passed, string.Join("; ", r.Flags), r.WallSeconds }));
        return [lambda, bySize, runs];
    }

    private static string Html(ExperimentSummary summary, IReadOnlyList<(string Name, string Caption, byte[] Png)> figures, IReadOnlyList<VariationalComparisonRow>? variational)
    {
        var e = summary.Experiment;
        var html = new StringBuilder();
        void Line(string text) => html.AppendLine(text);
        static string H(string text) => WebUtility.HtmlEncode(text);
        static string F(double v, string format = "0.##") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";
        static string Pm(Estimate? v) => v is { } x ? $"{F(x.Value)} ± {F(x.StandardError)}" : "–";
        static string Judged(CheckedEstimate? v) => v is null ? "–"
            : Pm(v.Estimate) + (v.IsOk ? " <span class=\"ok\">ok</span>" : $" <span class=\"bad\" title=\"{H(string.Join("\n", v.Reasons))}\">unreliable</span>");
        Line("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        Line($"<title>{H(e.Name)}: learning coefficients of over-parameterized ReLU networks</title>");
        Line("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}"
            + "th{background:#f3f3f3}td.l,th.l{text-align:left}tr.flag td{background:#fde8e8}span.ok{color:#2a7a2a;font-size:0.8em}span.bad{color:#b00;font-size:0.8em;cursor:help}figure{margin:2em 0}img{max-width:100%}"
            + "figcaption{color:#555;font-size:0.9em}code{background:#f5f5f5;padding:0 0.2em}</style></head><body>");
        Line($"<h1>{H(e.Name)}</h1>");
        var teacher = e.Teacher.Architecture;
        Line($"<p>Teacher <code>{H(teacher.ToString())}</code> ({teacher.ParameterCount} parameters), noise s = {F(e.Noise, "0.###")}, prior N(0, {F(e.PriorSd * e.PriorSd, "0.###")}). "
            + $"Models {H(string.Join(", ", e.Models))}; sample sizes {H(string.Join(", ", e.SampleSizes))}; data seeds {H(string.Join(", ", e.DataSeeds))}. "
            + $"NUTS replica exchange over {e.Rungs} power-ladder rungs (exponent {F(e.LadderPower)}) plus the two WBIC temperatures, {e.Chains} chains × ({e.Warmup} warm-up + {e.Draws} draws) per rung; "
            + $"G_n on {e.TestPoints} fresh test points; MAP by Adam, {e.MapRestarts} restarts × {e.MapSteps} steps.</p>");
        // Which check flags how many runs, by the kind of reason (its words before the first number).
        var reasons = summary.Runs.SelectMany(r => r.Flags.Select(CheckedEstimate.ReasonKind).Distinct())
            .GroupBy(f => f).Select(g => $"{g.Key}: {g.Count()}");
        var flagged = summary.Runs.Count(r => !r.Passed);
        Line($"<p>{summary.Runs.Count} of {e.Runs().Count} runs finished, {flagged} flagged by their diagnostics"
            + (flagged > 0 ? $" (runs per check: {H(string.Join(", ", reasons))}; see the last table)" : "") + "; "
            + $"total sampling time {F(summary.Runs.Sum(r => r.WallSeconds) / 60, "0.0")} min. Experiment hash <code>{H(e.Hash()[..16])}</code>.</p>");
        if (summary.MissingRuns.Count > 0)
        {
            Line($"<p><strong>Missing runs</strong> (not yet finished; rerun the sweep to complete): {H(string.Join(", ", summary.MissingRuns))}</p>");
        }

        Line("<h2>The learning coefficient, four ways</h2>");
        Line("<p>Singular learning theory says the free energy grows like n S_n + λ log n and the generalization error like λ/n, with λ set by the teacher "
            + "and the model together; a regular model would have λ = d/2. For ReLU networks that can represent the teacher, λ is at most λ_ReLU "
            + "(Nagayasu and Watanabe 2023), whatever the model's size. Values are means over data seeds ± one standard error (their scatter). "
            + "Each carries a verdict: <em>unreliable</em> (hover for the reasons) when a run behind it failed a check that can tell good draws from bad "
            + "(the convergence rule of Vehtari et al. 2021, a tempered posterior with coexisting phases, a value no learning coefficient can have).</p>");
        Line("<table><tr><th class=\"l\">model</th><th>depth</th><th>d</th><th>d/2</th><th>λ_ReLU</th><th>λ WBIC (2 temps)</th><th>λ variance</th>"
            + "<th>mean n G_n</th><th>slope of F_n − nS_n</th><th>MAP n G_n</th></tr>");
        foreach (var m in summary.Models)
        {
            Line($"<tr><td class=\"l\">{H(m.Model)}</td><td>{m.Depth}</td><td>{m.D}</td><td>{F(m.DHalf, "0.#")}</td><td>{(m.LambdaRelu is { } b ? F(b) : "–")}</td>"
                + $"<td>{Judged(m.LambdaWbic2)}</td><td>{Judged(m.LambdaVariance)}</td><td>{Judged(m.LambdaNG)}</td><td>{Judged(m.LambdaSlope)}</td><td>{Pm(m.MapNG)}</td></tr>");
        }

        Line("</table><p>Conclusions, per model:</p><ul>");
        foreach (var m in summary.Models)
        {
            Line($"<li><code>{H(m.Model)}</code>: {H(m.Conclusion)}</li>");
        }

        Line("</ul><table style=\"display:none\">");

        Line("</table><p>WBIC and variance estimates and n G_n are at each model's largest n; tables: <a href=\"lambda.csv\">lambda.csv</a>, "
            + "<a href=\"by-size.csv\">by-size.csv</a>, <a href=\"runs.csv\">runs.csv</a>.</p>");
        var convergence = false;
        foreach (var (name, caption, png) in figures)
        {
            if (!convergence && name.StartsWith("trace-", StringComparison.Ordinal))
            {
                Line("<h2>Convergence</h2>");
                Line("<p>Trace and rank plots of n L_n at β = 1 for each model's least converged run at its largest n.</p>");
                convergence = true;
            }

            Line($"<figure><img alt=\"{H(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">"
                + $"<figcaption>{H(caption)} (<a href=\"{H(name)}.svg\">SVG</a>)</figcaption></figure>");
        }

        if (variational is { Count: > 0 })
        {
            Line("<h2>Variational Bayes beside MCMC</h2>");
            Line("<p>Each run's data fitted again by a Gaussian q (mean-field and full-rank ADVI): F_VB − F_n is KL(q ‖ posterior), what the Gaussian "
                + "misses, against the run's stepping-stone F_n; n G_n of q's predictive beside the Bayes one on the same test points; the share of test "
                + "inputs where q's 90% band of f(x, w) holds the teacher's function; and the Pareto k of q against the posterior (above 0.7 q cannot "
                + "stand in for it). Means over data seeds ± one standard error; tables: <a href=\"variational.md\">variational.md</a>.</p>");
            var (header, rows) = VariationalComparison.Table(variational);
            Line($"<table><tr>{string.Concat(header.Select((h, i) => $"<th{(i == 0 ? " class=\"l\"" : "")}>{H(h)}</th>"))}</tr>");
            foreach (var row in rows)
            {
                Line($"<tr>{string.Concat(row.Select((c, i) => $"<td{(i == 0 ? " class=\"l\"" : "")}>{H(c)}</td>"))}</tr>");
            }

            Line("</table>");
        }

        Line("<h2>Diagnostics per run</h2>");
        Line($"<p>A run is flagged (red) when one of its estimates is unreliable: n L_n fails the convergence rule at some rung (R-hat below "
            + $"{F(Diagnostics.ConvergenceRule.RhatThreshold)} with bulk and tail ESS of at least {F(Diagnostics.ConvergenceRule.MinimumEssPerChain)} per chain), "
            + $"a swap rate fell below {F(FreeEnergyAnalysis.MinimumSwapRate)}, the WBIC temperatures see coexisting phases, a lambda estimate is implausible, "
            + $"or more than {F(100 * RunRow.DivergentFractionThreshold)}% of transitions diverged. The flags name the reason.</p>");
        Line("<table><tr><th class=\"l\">run</th><th>d</th><th>n</th><th>F_n (SS)</th><th>n G_n</th><th>WAIC</th><th>max R-hat</th><th>min ESS</th>"
            + "<th>divergent</th><th>min swap</th><th>round trips</th><th>time (s)</th><th class=\"l\">flags</th></tr>");
        foreach (var r in summary.Runs)
        {
            Line($"<tr{(r.Passed ? "" : " class=\"flag\"")}><td class=\"l\">{H(r.Id)}</td><td>{r.D}</td><td>{r.N}</td><td>{Pm(r.FreeEnergySs)}</td><td>{Pm(r.NG)}</td>"
                + $"<td>{F(r.Waic.Value, "0.####")}</td><td>{F(r.MaxRhat, "0.000")}</td><td>{F(r.MinEssBulk, "0")}</td><td>{r.Divergences}</td><td>{F(r.MinSwapRate)}</td><td>{r.RoundTrips}</td>"
                + $"<td>{F(r.WallSeconds, "0.0")}</td><td class=\"l\">{H(string.Join("; ", r.Flags))}</td></tr>");
        }

        Line("</table><p>Made by <code>bfe report</code>. Formulas and sources: docs/theory.md; methods: docs/experiments.md.</p></body></html>");
        return html.ToString();
    }
}
