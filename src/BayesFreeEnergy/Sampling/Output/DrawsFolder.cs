using System.Globalization;
using System.Text.RegularExpressions;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>
/// A folder of draws files written by <c>bfe sample</c> (chain-N.csv in CmdStan's layout, described by
/// <see cref="RunDescription.For"/>), read back as the posterior's draws with their model.
/// </summary>
public static partial class DrawsFolder
{
    /// <summary>Reads the posterior draws of a run folder: every chain-N.csv, which must hold draws at beta = 1 of one architecture, with equal lengths.</summary>
    /// <exception cref="DataFileException">The folder, a file or its contents are not such a run.</exception>
    public static PosteriorDraws Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
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

        return new PosteriorDraws(architecture!, noise, parameters, files.Length);
    }


    [GeneratedRegex(@"^chain-\d+\.csv$")]
    private static partial Regex ChainFile();
}
