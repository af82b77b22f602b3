using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Estimation;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe predict</c>: posterior predictive mean, standard deviation and intervals at new inputs from a <c>bfe sample</c> run.</summary>
internal static partial class PredictCommand
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
            var (architecture, noise, parameters, chains) = LoadRun(parse.GetValue(draws)!);
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

    private static (Architecture Architecture, double Noise, List<double[]> Parameters, int Chains) LoadRun(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DataFileException(folder, 0, "is not a folder of draws (run bfe sample --out FOLDER first)");
        }

        var files = Directory.GetFiles(folder, "chain-*.csv").Where(f => ChainFile().IsMatch(Path.GetFileName(f))).Order().ToArray();
        if (files.Length == 0)
        {
            throw new DataFileException(folder, 0, "holds no chain-N.csv draws files");
        }

        Architecture? architecture = null;
        double noise = 0;
        var parameters = new List<double[]>();
        foreach (var file in files)
        {
            var csv = CmdStanCsv.Read(file);
            string Config(string key) => csv.Config.TryGetValue(key, out var v) ? v : throw new DataFileException(file, 0, $"has no '# {key} = ...' line; was it written by bfe sample?");
            if (double.Parse(Config("bfe_beta"), CultureInfo.InvariantCulture) != 1)
            {
                throw new DataFileException(file, 0, "holds draws at beta != 1; predictions need the posterior (beta = 1)");
            }

            var activation = Config("bfe_activation") == "identity" ? Activation.Identity : Activation.Relu;
            var current = Architecture.Parse(Config("bfe_architecture"), activation, Config("bfe_biases") == "true");
            architecture ??= current;
            if (!architecture.Equals(current))
            {
                throw new DataFileException(file, 0, $"is a {current} run; the other files are {architecture}");
            }

            noise = double.Parse(Config("bfe_noise"), CultureInfo.InvariantCulture);
            var first = csv.Draws.IndexOf(ChainResult.ParameterColumn(0));
            if (first < 0 || csv.Draws.IndexOf(ChainResult.ParameterColumn(architecture.ParameterCount - 1)) != first + architecture.ParameterCount - 1
                || csv.Draws.IndexOf(ChainResult.ParameterColumn(architecture.ParameterCount)) >= 0)
            {
                throw new DataFileException(file, 0, $"its parameter columns do not match its architecture {architecture} (d = {architecture.ParameterCount}); was the file edited?");
            }

            if (parameters.Count != 0 && parameters.Count != csv.Draws.RowCount * Array.IndexOf(files, file))
            {
                throw new DataFileException(file, 0, $"has {csv.Draws.RowCount} draws, the chains before it {parameters.Count / Array.IndexOf(files, file)} each; chains of one run have equal lengths");
            }

            for (var s = 0; s < csv.Draws.RowCount; s++)
            {
                parameters.Add(csv.Draws.Row(s).Slice(first, architecture.ParameterCount).ToArray());
            }
        }

        return (architecture!, noise, parameters, files.Length);
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

    [GeneratedRegex(@"^chain-\d+\.csv$")]
    private static partial Regex ChainFile();
}
