using System.Globalization;
using System.Text;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Variational;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// Variational Bayes beside MCMC on a finished sweep: for every run, the same data (regenerated from the experiment and
/// the run's seed) fitted by mean-field and full-rank VI, F_VB set against the run's stepping-stone F_n, and the
/// generalization error of q's predictive against the Bayes one on the same test points.
/// </summary>
public static class VariationalComparison
{
    /// <summary>Fits both families on every run.</summary>
    /// <param name="experiment">The sweep's experiment.</param>
    /// <param name="results">Its finished runs.</param>
    /// <param name="settings">VI settings (the family is set per fit; beta is 1).</param>
    /// <param name="onRow">Called after each run with the number done and the total.</param>
    /// <param name="cancellation">Stops between and inside fits.</param>
    public static IReadOnlyList<VariationalComparisonRow> Run(ExperimentDefinition experiment, IReadOnlyList<ExperimentRunResult> results, VariationalSettings settings,
        Action<VariationalComparisonRow, int, int>? onRow = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(settings);
        var rows = new List<VariationalComparisonRow>();
        foreach (var result in results.OrderBy(r => r.Depth).ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.N).ThenBy(r => r.Seed))
        {
            var architecture = Architecture.Parse(result.Model, experiment.Teacher.Architecture.Activation, experiment.Teacher.Architecture.HasBiases);
            var data = TeacherFactory.GenerateData(experiment.Teacher, result.N, experiment.Noise, result.Seed);
            var model = new GaussianRegressionModel(architecture, data, experiment.Noise, new GaussianPrior(experiment.PriorSd));
            var testSeed = FreeEnergyAnalysis.TestSeed(result.Seed);
            VariationalFamilyResult Judge(VariationalFit fit)
            {
                var draws = VariationalInference.Draws(model, fit, settings.FinalSamples, result.Seed, logLikelihood: false);
                var g = GeneralizationError.Compute([draws], architecture, experiment.Teacher, experiment.Noise, experiment.TestPoints, testSeed);
                return new VariationalFamilyResult(fit.FreeEnergy, g, VariationalInference.ParetoK(draws),
                    BandCoverage.OfTeacher([draws], architecture, experiment.Teacher, experiment.Noise, experiment.TestPoints, testSeed), fit.Seconds);
            }

            // The full-rank fit starts from the mean-field one (and its time is its own stage's).
            var at = settings with { Beta = 1, Seed = result.Seed };
            cancellation.ThrowIfCancellationRequested();
            var meanField = VariationalInference.Fit(model, at with { Family = VariationalFamily.MeanField }, cancellation: cancellation);
            cancellation.ThrowIfCancellationRequested();
            var fullRank = VariationalInference.Fit(model, at with { Family = VariationalFamily.FullRank }, cancellation: cancellation, meanFieldStart: meanField);
            var row = new VariationalComparisonRow(result.Model, result.N, result.Seed, result.FreeEnergy.D, result.FreeEnergy.SteppingStone,
                result.FreeEnergy.Teacher?.G, Judge(meanField), Judge(fullRank), result.FreeEnergy.Teacher?.Coverage90,
                GeneralizationError.TeacherLogDensity(experiment.Teacher, experiment.Noise, experiment.TestPoints, testSeed));
            rows.Add(row);
            onRow?.Invoke(row, rows.Count, results.Count);
        }

        return rows;
    }

    /// <summary>The file the comparison is kept in, in the results folder.</summary>
    public const string JsonFile = "variational.json";

    /// <summary>Its markdown table, beside it.</summary>
    public const string MarkdownFile = "variational.md";

    /// <summary>Writes the rows and their table into <paramref name="folder"/> (atomically, each file whole or not at all).</summary>
    public static void Write(string folder, string experimentName, IReadOnlyList<VariationalComparisonRow> rows, string command, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(folder);
        AtomicFile.Write(Path.Combine(folder, JsonFile), writer => writer.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Document(experimentName, rows), JsonFormat.Options)));
        AtomicFile.Write(Path.Combine(folder, MarkdownFile), writer => writer.Write(Markdown(rows, command, wall)));
    }

    /// <summary>The rows kept in <paramref name="folder"/>, or null when it has none.</summary>
    /// <exception cref="DataFileException">The file does not read.</exception>
    public static IReadOnlyList<VariationalComparisonRow>? Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, JsonFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Document>(File.ReadAllText(path), JsonFormat.Options)?.Rows
                ?? throw new System.Text.Json.JsonException("the file holds null");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new DataFileException(path, 0, $"is not a bfe vi-compare result: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    /// <summary>
    /// The comparison per model and n, averaged over seeds: F_VB - F_n for both families (with the standard error of the
    /// mean over seeds), n G_n of Bayes and of each q, their held-out log predictive densities per test point, the
    /// coverage of the Bayes and each q's 90% band, q's largest Pareto k, and how many fits were unreliable. Header, then one row of cells per model and n.
    /// </summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table(IReadOnlyList<VariationalComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        string MeanSe(IReadOnlyCollection<double> values) =>
            values.Count < 2 ? F(values.First()) : $"{F(values.Average())} ± {F(Diagnostics.ConvergenceDiagnostics.StandardDeviation(values) / Math.Sqrt(values.Count))}";
        string[] header = ["model", "d", "n", "seeds", "F_VB - F_n, mean field", "F_VB - F_n, full rank", "n G_n, Bayes", "n G_n, mean field", "n G_n, full rank",
            "held-out log predictive per point (Bayes, mf, fr)", "90% band covers f*, Bayes", "90% band covers f*, mean field", "90% band covers f*, full rank",
            "max Pareto k (mf, fr)", "unreliable F_VB (mf, fr)"];
        var table = new List<IReadOnlyList<string>>();
        foreach (var group in rows.GroupBy(r => (r.Model, r.N)))
        {
            var list = group.ToList();
            var n = group.Key.N;
            table.Add([group.Key.Model, list[0].D.ToString(CultureInfo.InvariantCulture), n.ToString(CultureInfo.InvariantCulture), list.Count.ToString(CultureInfo.InvariantCulture),
                MeanSe([.. list.Select(r => r.MeanField.FreeEnergy.Value - r.SteppingStone.Value)]), MeanSe([.. list.Select(r => r.FullRank.FreeEnergy.Value - r.SteppingStone.Value)]),
                list.All(r => r.BayesG is not null) ? MeanSe([.. list.Select(r => n * r.BayesG!.Value.Value)]) : "-",
                MeanSe([.. list.Select(r => n * r.MeanField.G.Value)]), MeanSe([.. list.Select(r => n * r.FullRank.G.Value)]),
                HeldOut(list),
                list.All(r => r.BayesCoverage is not null) ? MeanSe([.. list.Select(r => r.BayesCoverage!.Value.Value)]) : "-",
                MeanSe([.. list.Select(r => r.MeanField.Coverage.Value)]), MeanSe([.. list.Select(r => r.FullRank.Coverage.Value)]),
                $"{F(list.Max(r => r.MeanField.ParetoK))}, {F(list.Max(r => r.FullRank.ParetoK))}",
                $"{list.Count(r => !r.MeanField.FreeEnergy.IsOk)}, {list.Count(r => !r.FullRank.FreeEnergy.IsOk)}"]);
        }

        return (header, table);

        // Held-out log predictive density per test point, teacher's log density minus G_n, as means over seeds. The seeds'
        // test sets differ, so its scatter is mostly theirs; the differences between the three are exact per test set and
        // are the n G_n columns divided by n.
        string HeldOut(IReadOnlyList<VariationalComparisonRow> list)
        {
            if (!list.All(r => r.TeacherLogDensity is not null))
            {
                return "-";
            }

            string G(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
            var bayes = list.All(r => r.BayesG is not null) ? G(list.Average(r => r.TeacherLogDensity!.Value - r.BayesG!.Value.Value)) : "-";
            return $"{bayes}, {G(list.Average(r => r.TeacherLogDensity!.Value - r.MeanField.G.Value))}, {G(list.Average(r => r.TeacherLogDensity!.Value - r.FullRank.G.Value))}";
        }
    }

    /// <summary><see cref="Table"/> as markdown, after a line with the command and its time.</summary>
    public static string Markdown(IReadOnlyList<VariationalComparisonRow> rows, string command, TimeSpan wall)
    {
        var (header, table) = Table(rows);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` ({wall.TotalMinutes:0.0} min of fits).");
        text.AppendLine();
        text.AppendLine($"| {string.Join(" | ", header)} |");
        text.AppendLine($"| --- | {string.Join(" | ", header.Skip(1).Select(_ => "---:"))} |");
        foreach (var row in table)
        {
            text.AppendLine($"| {string.Join(" | ", row)} |");
        }

        return text.ToString();
    }

    private sealed record Document(string Experiment, IReadOnlyList<VariationalComparisonRow> Rows);
}
