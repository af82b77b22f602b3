using System.Globalization;
using System.Text.Json.Nodes;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>
/// Writes chains as an ArviZ InferenceData zarr store, which <c>arviz.from_zarr</c> and <c>xarray.open_zarr(path,
/// group=...)</c> open without a converter:
/// <list type="bullet">
/// <item><c>posterior</c>: per layer k, <c>W{k}</c> (chain, draw, W{k}_dim_0 = output unit, W{k}_dim_1 = input unit) and
/// <c>b{k}</c> (chain, draw, b{k}_dim_0), when the chains saved their parameters;</item>
/// <item><c>sample_stats</c> with ArviZ's names: lp, acceptance_rate, step_size, tree_depth, n_steps, diverging, energy,
/// and nLn (n L_n(w) per draw);</item>
/// <item><c>log_likelihood</c>: y (chain, draw, obs_id), log p(y_i | x_i, w), when the chains have it;</item>
/// <item><c>posterior_predictive</c>: y (chain, draw, obs_id, y_dim_0) replicated at the observed inputs, when the noise is given;</item>
/// <item><c>observed_data</c>: y (obs_id, y_dim_0) and <c>constant_data</c>: x (obs_id, x_dim_0), when data are given.</item>
/// </list>
/// Coordinates are 0-based integers, as ArviZ makes them; every group records the inverse temperature beta.
/// </summary>
public static class InferenceDataWriter
{
    // CmdStan's sampler columns and the names ArviZ's from_cmdstan gives them, with their types.
    private static readonly (string Column, string Name, Type Kind)[] Stats =
    [
        ("lp__", "lp", typeof(double)),
        ("accept_stat__", "acceptance_rate", typeof(double)),
        ("stepsize__", "step_size", typeof(double)),
        ("treedepth__", "tree_depth", typeof(long)),
        ("n_leapfrog__", "n_steps", typeof(long)),
        ("divergent__", "diverging", typeof(bool)),
        ("energy__", "energy", typeof(double)),
        (ChainResult.NegLogLikelihoodColumn, "nLn", typeof(double)),
    ];

    /// <summary>Writes <paramref name="chains"/> (all at one beta, with equal draw counts) to the store at <paramref name="path"/>.</summary>
    /// <param name="path">The store's folder, e.g. posterior.zarr; replaced whole when it exists.</param>
    /// <param name="chains">The chains, in order; at least one.</param>
    /// <param name="architecture">The model's architecture, which maps the flat parameters to layers.</param>
    /// <param name="data">The data the chains were fitted to, or null to leave out observed_data and constant_data.</param>
    /// <param name="noise">
    /// The likelihood's noise s: with it (and the data and saved parameters) <c>posterior_predictive</c> holds y (chain, draw,
    /// obs_id, y_dim_0) = f(x_i, w) + N(0, s^2) for every draw at the observed inputs, as ArviZ's posterior predictive checks
    /// expect; null leaves it out.
    /// </param>
    /// <param name="seed">Seed of the predictive noise.</param>
    public static void Write(string path, IReadOnlyList<ChainResult> chains, Architecture architecture, Dataset? data, double? noise = null, long seed = 1)
    {
        ArgumentNullException.ThrowIfNull(chains);
        ArgumentNullException.ThrowIfNull(architecture);
        if (chains.Count == 0 || chains.Any(c => c.Draws.RowCount != chains[0].Draws.RowCount || c.Beta != chains[0].Beta))
        {
            throw new ArgumentException("InferenceData needs at least one chain, all with the same number of draws and the same beta", nameof(chains));
        }

        var (chainCount, drawCount) = (chains.Count, chains[0].Draws.RowCount);
        if (drawCount == 0)
        {
            throw new ArgumentException("the chains have no draws", nameof(chains));
        }

        var attributes = Attributes();
        attributes["beta"] = chains[0].Beta;
        attributes["architecture"] = architecture.ToString();
        using var store = new ZarrStore(path);
        var first = chains[0].Draws;
        var perDraw = (string[] dims) => (IReadOnlyList<string>)["chain", "draw", .. dims];
        var perDrawShape = (int[] sizes) => (IReadOnlyList<int>)[chainCount, drawCount, .. sizes];

        // Values of columns [start, start + count) of every draw, chain-major: (chain, draw, count).
        double[] Block(int start, int count)
        {
            var values = new double[chainCount * drawCount * count];
            for (var c = 0; c < chainCount; c++)
            {
                for (var r = 0; r < drawCount; r++)
                {
                    chains[c].Draws.Row(r).Slice(start, count).CopyTo(values.AsSpan(((c * drawCount) + r) * count, count));
                }
            }

            return values;
        }

        var parameters = first.IndexOf(ChainResult.ParameterColumn(0));
        if (parameters >= 0)
        {
            store.Group("posterior", attributes);
            var values = Block(parameters, architecture.ParameterCount);
            var dimensions = new List<(string, int)> { ("chain", chainCount), ("draw", drawCount) };
            for (var k = 1; k <= architecture.LayerCount; k++)
            {
                var layer = architecture.Layer(k);
                var weights = Slice(values, architecture.ParameterCount, layer.WeightOffset, layer.Inputs * layer.Outputs);
                store.Array($"posterior/W{k}", perDraw([$"W{k}_dim_0", $"W{k}_dim_1"]), perDrawShape([layer.Outputs, layer.Inputs]), weights);
                dimensions.AddRange([($"W{k}_dim_0", layer.Outputs), ($"W{k}_dim_1", layer.Inputs)]);
                if (layer.HasBias)
                {
                    store.Array($"posterior/b{k}", perDraw([$"b{k}_dim_0"]), perDrawShape([layer.Outputs]), Slice(values, architecture.ParameterCount, layer.BiasOffset, layer.Outputs));
                    dimensions.Add(($"b{k}_dim_0", layer.Outputs));
                }
            }

            Coordinates(store, "posterior", dimensions);
        }

        store.Group("sample_stats", attributes);
        foreach (var (column, name, kind) in Stats.Where(s => first.IndexOf(s.Column) >= 0))
        {
            var values = Block(first.IndexOf(column), 1);
            if (kind == typeof(double))
            {
                store.Array($"sample_stats/{name}", perDraw([]), perDrawShape([]), values);
            }
            else if (kind == typeof(long))
            {
                store.Array($"sample_stats/{name}", perDraw([]), perDrawShape([]), values.Select(v => (long)v).ToArray());
            }
            else
            {
                store.Array($"sample_stats/{name}", perDraw([]), perDrawShape([]), values.Select(v => v != 0).ToArray());
            }
        }

        Coordinates(store, "sample_stats", [("chain", chainCount), ("draw", drawCount)]);
        var logLik = first.IndexOf(ChainResult.LogLikelihoodColumn(0));
        if (logLik >= 0)
        {
            var points = first.Columns.Count(c => c.StartsWith("log_lik.", StringComparison.Ordinal));
            store.Group("log_likelihood", attributes);
            store.Array("log_likelihood/y", perDraw(["obs_id"]), perDrawShape([points]), Block(logLik, points));
            Coordinates(store, "log_likelihood", [("chain", chainCount), ("draw", drawCount), ("obs_id", points)]);
        }

        if (data is not null && noise is { } s && parameters >= 0)
        {
            // f(x_i, w) for every draw at the observed inputs, plus one noise draw each.
            var network = new BatchNetwork(architecture, data.Inputs, data.Count);
            var outputs = data.OutputWidth;
            var y = new double[chainCount * drawCount * data.Count * outputs];
            var random = new Numerics.RandomStream(seed, stream: 0x99D);
            for (var c = 0; c < chainCount; c++)
            {
                for (var r = 0; r < drawCount; r++)
                {
                    network.Forward(chains[c].Draws.Row(r).Slice(parameters, architecture.ParameterCount));
                    var offset = ((c * drawCount) + r) * data.Count * outputs;
                    for (var i = 0; i < data.Count; i++)
                    {
                        for (var o = 0; o < outputs; o++)
                        {
                            y[offset + (i * outputs) + o] = network.Outputs[(o * network.Stride) + i] + (s * random.NextGaussian());
                        }
                    }
                }
            }

            store.Group("posterior_predictive", attributes);
            store.Array("posterior_predictive/y", perDraw(["obs_id", "y_dim_0"]), perDrawShape([data.Count, outputs]), y);
            Coordinates(store, "posterior_predictive", [("chain", chainCount), ("draw", drawCount), ("obs_id", data.Count), ("y_dim_0", outputs)]);
        }

        if (data is not null)
        {
            store.Group("observed_data", attributes);
            store.Array("observed_data/y", ["obs_id", "y_dim_0"], [data.Count, data.OutputWidth], data.Targets);
            Coordinates(store, "observed_data", [("obs_id", data.Count), ("y_dim_0", data.OutputWidth)]);
            store.Group("constant_data", attributes);
            store.Array("constant_data/x", ["obs_id", "x_dim_0"], [data.Count, data.InputWidth], data.Inputs);
            Coordinates(store, "constant_data", [("obs_id", data.Count), ("x_dim_0", data.InputWidth)]);
        }

        store.Commit();
    }

    /// <summary>
    /// Writes posterior predictive draws at new inputs as ArviZ's out-of-sample groups: <c>predictions</c> with y (chain,
    /// draw, obs_id, y_dim_0) and <c>predictions_constant_data</c> with x (obs_id, x_dim_0).
    /// </summary>
    /// <param name="path">The store's folder, e.g. predictions.zarr; replaced whole when it exists.</param>
    /// <param name="draws">One row per posterior draw, chain after chain, each holding y[t * N + o] for the T inputs.</param>
    /// <param name="chains">Number of chains the rows come from in equal parts, Range: 1..rows.</param>
    /// <param name="inputs">The T inputs, row-major (T x M).</param>
    /// <param name="inputWidth">M.</param>
    public static void WritePredictions(string path, IReadOnlyList<double[]> draws, int chains, double[] inputs, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(draws);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        var points = inputs.Length / inputWidth;
        if (chains < 1 || draws.Count == 0 || draws.Count % chains != 0 || points == 0 || draws.Any(d => d.Length != draws[0].Length || d.Length % points != 0))
        {
            throw new ArgumentException("predictions need rows of equal length, a multiple of the number of inputs, in equal parts per chain");
        }

        var (perChain, outputs) = (draws.Count / chains, draws[0].Length / points);
        var attributes = Attributes();
        using var store = new ZarrStore(path);
        store.Group("predictions", attributes);
        store.Array("predictions/y", ["chain", "draw", "obs_id", "y_dim_0"], [chains, perChain, points, outputs], draws.SelectMany(d => d).ToArray());
        Coordinates(store, "predictions", [("chain", chains), ("draw", perChain), ("obs_id", points), ("y_dim_0", outputs)]);
        store.Group("predictions_constant_data", attributes);
        store.Array("predictions_constant_data/x", ["obs_id", "x_dim_0"], [points, inputWidth], inputs);
        Coordinates(store, "predictions_constant_data", [("obs_id", points), ("x_dim_0", inputWidth)]);
        store.Commit();
    }

    // The attributes ArviZ writes on every group.
    private static Dictionary<string, JsonNode?> Attributes() => new()
    {
        ["created_at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        ["inference_library"] = "BayesFreeEnergy",
        ["inference_library_version"] = typeof(InferenceDataWriter).Assembly.GetName().Version?.ToString(3),
    };

    // A 0-based integer coordinate per dimension, as ArviZ makes them.
    private static void Coordinates(ZarrStore store, string group, IEnumerable<(string Name, int Size)> dimensions)
    {
        foreach (var (name, size) in dimensions)
        {
            store.Array($"{group}/{name}", [name], [size], Enumerable.Range(0, size).Select(i => (long)i).ToArray());
        }
    }

    // Entries [offset, offset + count) of every row of d values, kept in row order.
    private static double[] Slice(double[] rows, int d, int offset, int count)
    {
        var result = new double[rows.Length / d * count];
        for (var r = 0; r < rows.Length / d; r++)
        {
            rows.AsSpan((r * d) + offset, count).CopyTo(result.AsSpan(r * count, count));
        }

        return result;
    }
}
