using System.Globalization;
using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>
/// Writes one chain in CmdStan's CSV layout (config comments, header, adaptation comments, draws, timing comments),
/// which rstan::read_stan_csv, cmdstanpy and ArviZ's CmdStan reader load. Numbers are written with round-trip
/// precision, non-finite values as Stan writes them (nan, inf, -inf).
/// </summary>
public static class CmdStanCsvWriter
{
    /// <summary>Writes <paramref name="chain"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ChainResult chain, SamplerSettings settings, RunDescription description)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(description);
        AtomicFile.Write(path, writer =>
        {
            writer.NewLine = "\n";
            WriteConfig(writer, chain, settings, description, Path.GetFileName(path));
            var table = chain.Draws;
            var (names, order) = FileColumns(table, description.Architecture);
            writer.WriteLine(string.Join(',', names));
            writer.WriteLine("# Adaptation terminated");
            writer.WriteLine($"# Step size = {Format(chain.StepSize)}");
            writer.WriteLine("# Diagonal elements of inverse mass matrix:");
            writer.WriteLine($"# {string.Join(", ", chain.InverseMetric.Select(Format))}");
            var line = new System.Text.StringBuilder();
            for (var r = 0; r < table.RowCount; r++)
            {
                line.Clear();
                var row = table.Row(r);
                for (var c = 0; c < order.Length; c++)
                {
                    if (c > 0)
                    {
                        line.Append(',');
                    }

                    line.Append(Format(row[order[c]]));
                }

                writer.WriteLine(line);
            }

            writer.WriteLine("# ");
            writer.WriteLine($"#  Elapsed Time: {Seconds(chain.WarmupSeconds)} seconds (Warm-up)");
            writer.WriteLine($"#                {Seconds(chain.SamplingSeconds)} seconds (Sampling)");
            writer.WriteLine($"#                {Seconds(chain.WarmupSeconds + chain.SamplingSeconds)} seconds (Total)");
            writer.WriteLine("# ");
        });
    }

    // The file's column names and, for each, the table column it comes from: with an architecture, the block w.1 .. w.d
    // becomes the per-layer names in CmdStan's order; otherwise the table's own columns.
    private static (string[] Names, int[] Order) FileColumns(DrawTable table, Networks.Architecture? architecture)
    {
        var first = table.IndexOf(ChainResult.ParameterColumn(0));
        if (architecture is null || first < 0)
        {
            return ([.. table.Columns], [.. Enumerable.Range(0, table.Columns.Count)]);
        }

        if (table.IndexOf(ChainResult.ParameterColumn(architecture.ParameterCount - 1)) != first + architecture.ParameterCount - 1)
        {
            throw new ArgumentException($"the draws' parameter columns do not match the architecture {architecture} (d = {architecture.ParameterCount})");
        }

        var layered = ParameterNames.Columns(architecture);
        var names = new List<string>(table.Columns.Count);
        var order = new List<int>(table.Columns.Count);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (c == first)
            {
                names.AddRange(layered.Select(p => p.Name));
                order.AddRange(layered.Select(p => first + p.Index));
                c += architecture.ParameterCount - 1;
                continue;
            }

            names.Add(table.Columns[c]);
            order.Add(c);
        }

        return ([.. names], [.. order]);
    }

    /// <summary>A number as the draws files write it: shortest round-trip form; nan, inf, -inf.</summary>
    public static string Format(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "nan",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static void WriteConfig(TextWriter w, ChainResult chain, SamplerSettings s, RunDescription description, string fileName)
    {
        var hamiltonian = s.Algorithm is SamplerAlgorithm.Nuts or SamplerAlgorithm.Hmc;
        string Flag(bool value) => value ? "1" : "0";
        w.WriteLine("# stan_version_major = 2");
        w.WriteLine("# stan_version_minor = 33");
        w.WriteLine("# stan_version_patch = 0");
        w.WriteLine($"# model = {description.Model}");
        w.WriteLine("# method = sample (Default)");
        w.WriteLine("#   sample");
        w.WriteLine($"#     num_samples = {s.Draws}");
        w.WriteLine($"#     num_warmup = {s.Warmup}");
        w.WriteLine("#     save_warmup = 0");
        w.WriteLine("#     thin = 1");
        w.WriteLine("#     adapt");
        w.WriteLine($"#       engaged = {Flag(s.Algorithm != SamplerAlgorithm.Sgld && s.Warmup > 0)}");
        w.WriteLine("#       gamma = 0.05");
        w.WriteLine($"#       delta = {Format(s.EffectiveTargetAcceptance)}");
        w.WriteLine("#       kappa = 0.75");
        w.WriteLine("#       t0 = 10");
        w.WriteLine("#       init_buffer = 75");
        w.WriteLine("#       term_buffer = 50");
        w.WriteLine("#       window = 25");
        if (hamiltonian)
        {
            w.WriteLine("#     algorithm = hmc (Default)");
            w.WriteLine("#       hmc");
            w.WriteLine(s.Algorithm == SamplerAlgorithm.Nuts ? "#         engine = nuts (Default)" : "#         engine = static");
            w.WriteLine(s.Algorithm == SamplerAlgorithm.Nuts ? "#           nuts" : "#           static");
            if (s.Algorithm == SamplerAlgorithm.Hmc)
            {
                w.WriteLine($"#             int_time = {Format(s.IntegrationTime)}");
            }

            // Static HMC caps its trajectory at 2^max_depth steps, so the key means something there too.
            w.WriteLine($"#             max_depth = {s.MaxTreeDepth}");
            w.WriteLine("#         metric = diag_e");
            w.WriteLine($"#         stepsize = {Format(s.StepSize)}");
            w.WriteLine("#         stepsize_jitter = 0");
        }
        else
        {
            // cmdstanpy reads every sampling CSV as HMC output: it needs metric and max_depth, and a metric of diag_e
            // matches the diagonal (of ones, unless adapted) written after the header.
            w.WriteLine($"#     algorithm = {(s.Algorithm == SamplerAlgorithm.Rwm ? "rwm" : "sgld")}");
            w.WriteLine($"#       stepsize = {Format(s.StepSize)}");
            w.WriteLine("#       metric = diag_e");
            w.WriteLine($"#       max_depth = {s.MaxTreeDepth}");
        }

        w.WriteLine($"#     num_chains = 1");
        w.WriteLine($"# id = {chain.Chain}");
        w.WriteLine("# data");
        w.WriteLine($"#   file = {description.DataFile}");
        w.WriteLine($"# init = {s.Initialization.ToString().ToLowerInvariant()}");
        w.WriteLine("# random");
        w.WriteLine($"#   seed = {s.Seed}");
        w.WriteLine("# output");
        w.WriteLine($"#   file = {fileName}");
        w.WriteLine($"# bfe_sampler = {s.Algorithm.ToString().ToLowerInvariant()}");
        w.WriteLine($"# bfe_beta = {Format(chain.Beta)}");
        foreach (var (key, value) in description.Extra)
        {
            w.WriteLine($"# bfe_{key} = {value}");
        }
    }
}
