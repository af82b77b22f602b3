using System.CommandLine;
using System.Globalization;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe predict</c>: posterior predictive mean, standard deviation and intervals at new inputs from a <c>bfe sample</c> run.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var draws = new Option<string>("--draws") { Description = "Folder of a bfe sample run (its chain-*.csv at beta = 1)", Required = true };
        var inputs = new Option<string>("--inputs") { Description = "CSV of new inputs, M columns (header optional)", Required = true };
        var output = new Option<string>("--out") { Description = "Predictions CSV; beside it the predictive draws as ArviZ InferenceData (.zarr) and, for one-dimensional inputs, a plot", Required = true };
        var data = new Option<string?>("--data") { Description = "Data CSV to show in the plot" };
        var seed = new Option<long>("--seed") { Description = "Seed of the noise draws", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("predict", "Posterior predictive mean, sd and 50%/90% intervals (noise included and excluded) at new inputs")
        {
            draws, inputs, output, data, seed, json,
        };
        command.SetAction(parse => CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var (architecture, noise, parameters, chains) = DrawsFolder.Read(parse.GetValue(draws)!);
            var x = CsvDataFile.ReadInputs(parse.GetValue(inputs)!, architecture.InputWidth);
            // Every input is read and checked before the first file is written, so a mistake leaves nothing behind.
            var shown = parse.GetValue(data) is { } dataPath
                ? CsvDataFile.Read(dataPath, architecture.InputWidth, architecture.OutputWidth, architecture.ToString())
                : null;
            var predictive = PosteriorPredictive.Compute(architecture, parameters, x, noise, parse.GetValue(seed));
            var path = parse.GetValue(output)!;
            WriteCsv(path, predictive, architecture);
            var store = Path.ChangeExtension(path, ".zarr");
            InferenceDataWriter.WritePredictions(store, predictive.ObservationDraws, chains, x, architecture.InputWidth);
            string? plot = null;
            if (architecture.InputWidth == 1)
            {
                plot = Path.ChangeExtension(path, ".png");
                Reporting.PredictivePlot.Write(plot, predictive, architecture.OutputWidth, shown);
            }

            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, new { predictions = path, inference_data = store, plot, inputs = x.Length / architecture.InputWidth, draws = parameters.Count, model = architecture.ToString(), noise });
            }
            else
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Wrote predictions for {x.Length / architecture.InputWidth} inputs from {parameters.Count} draws to {path}, the predictive draws to {store} (ArviZ InferenceData){(plot is null ? "" : $" and the plot to {plot}")}"));
            }

            return 0;
        }));
        return command;
    }

    private static void WriteCsv(string path, PosteriorPredictive predictive, Architecture architecture)
    {
        var m = architecture.InputWidth;
        var n = architecture.OutputWidth;
        AtomicFile.Write(path, writer =>
        {
            var header = Enumerable.Range(1, m).Select(i => $"x{i}").ToList();
            for (var o = 1; o <= n; o++)
            {
                header.AddRange(new[] { "mean", "sd", "q5", "q25", "q75", "q95", "pred_sd", "pred_q5", "pred_q25", "pred_q75", "pred_q95" }.Select(c => $"{c}_y{o}"));
            }

            writer.WriteLine(string.Join(',', header));
            for (var t = 0; t < predictive.Inputs.Length / m; t++)
            {
                var cells = predictive.Inputs.AsSpan(t * m, m).ToArray().Select(CmdStanCsvWriter.Format).ToList();
                for (var o = 0; o < n; o++)
                {
                    var f = predictive.Function[(t * n) + o];
                    var y = predictive.Observation[(t * n) + o];
                    cells.AddRange(new[] { f.Mean, f.Sd, f.Q5, f.Q25, f.Q75, f.Q95, y.Sd, y.Q5, y.Q25, y.Q75, y.Q95 }.Select(CmdStanCsvWriter.Format));
                }

                writer.WriteLine(string.Join(',', cells));
            }
        });
    }

}
