using System.Diagnostics;
using System.Text.Json;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;
using BayesFreeEnergy.Sampling;
using BayesFreeEnergy.Sampling.Output;

namespace BayesFreeEnergy.Tests.Output;

/// <summary>
/// The InferenceData store read back by Python's xarray, the reader ArviZ uses: every group, its dims and every value.
/// Needs a Python with xarray and zarr (Debian: python3-xarray python3-zarr, which .ci/run installs); without one the
/// test is skipped, unless BFE_REQUIRE_PYTHON_READERS=1 (set by .ci/run) makes that a failure.
/// </summary>
public sealed class InferenceDataTests : IDisposable
{
    private const string Reader = """
        import json, sys
        import xarray as xr
        out = {}
        for group in sys.argv[2:]:
            ds = xr.open_dataset(sys.argv[1], engine="zarr", group=group, consolidated=True)
            out[group] = {"attrs": {k: str(v) for k, v in ds.attrs.items()},
                          "vars": {k: {"dims": list(v.dims), "dtype": str(v.dtype), "values": v.values.astype(float).ravel().tolist()}
                                   for k, v in ds.data_vars.items()},
                          "coords": {k: v.values.tolist() for k, v in ds.coords.items()}}
        print(json.dumps(out))
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("bfe-idata-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableFact]
    public void XarrayReadsEveryGroupWithLayerShapedVariables()
    {
        var python = Python();
        var teacher = TeacherFactory.CreateRandom(Architecture.Parse("2-2-2"), seed: 3, kinksInside: true);
        var data = TeacherFactory.GenerateData(teacher, 30, 0.1, seed: 4);
        var architecture = Architecture.Parse("2-3-2");
        var model = new GaussianRegressionModel(architecture, data, 0.1, new GaussianPrior(1));
        var chains = SamplingService.Run(model, new SamplerSettings { Chains = 2, Warmup = 50, Draws = 20, Seed = 5, SaveLogLikelihood = true }).Chains;
        var path = Path.Combine(_folder, "posterior.zarr");
        InferenceDataWriter.Write(path, chains, architecture, data, noise: 0.1, seed: 9);

        using var read = JsonDocument.Parse(Run(python, path, "posterior", "sample_stats", "log_likelihood", "posterior_predictive", "observed_data", "constant_data"));
        var groups = read.RootElement;
        double[] Values(string group, string name, params string[] dims)
        {
            var variable = groups.GetProperty(group).GetProperty("vars").GetProperty(name);
            Assert.Equal(dims, variable.GetProperty("dims").EnumerateArray().Select(d => d.GetString()));
            return [.. variable.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())];
        }

        // W1 is 3 x 2 (output unit, input unit) per draw, W1[c, r, j, i] = w[j * 2 + i] of chain c, draw r; likewise b1, W2, b2.
        var w1 = Values("posterior", "W1", "chain", "draw", "W1_dim_0", "W1_dim_1");
        var b2 = Values("posterior", "b2", "chain", "draw", "b2_dim_0");
        var layer1 = architecture.Layer(1);
        var layer2 = architecture.Layer(2);
        for (var c = 0; c < 2; c++)
        {
            for (var r = 0; r < 20; r++)
            {
                var row = chains[c].Draws.Row(r);
                var w = row[chains[c].Draws.IndexOf(ChainResult.ParameterColumn(0))..];
                for (var j = 0; j < 3; j++)
                {
                    for (var i = 0; i < 2; i++)
                    {
                        Assert.Equal(w[layer1.WeightOffset + (j * 2) + i], w1[(((c * 20) + r) * 6) + (j * 2) + i]);
                    }
                }

                Assert.Equal(w[layer2.BiasOffset + 1], b2[(((c * 20) + r) * 2) + 1]);
            }
        }

        Assert.Equal(chains.SelectMany(c => c.Draws.Column("lp__")), Values("sample_stats", "lp", "chain", "draw"));
        Assert.Equal(chains.SelectMany(c => c.Draws.Column("treedepth__")), Values("sample_stats", "tree_depth", "chain", "draw"));
        Assert.Equal("int64", groups.GetProperty("sample_stats").GetProperty("vars").GetProperty("n_steps").GetProperty("dtype").GetString());
        Assert.Equal("bool", groups.GetProperty("sample_stats").GetProperty("vars").GetProperty("diverging").GetProperty("dtype").GetString());
        Assert.Equal(chains[1].Draws.Column(ChainResult.LogLikelihoodColumn(29)).Last(), Values("log_likelihood", "y", "chain", "draw", "obs_id")[^1]);
        Assert.Equal(data.Targets.ToArray(), Values("observed_data", "y", "obs_id", "y_dim_0"));

        // posterior_predictive: y = f(x_i, w) + N(0, 0.1^2) per draw; the residuals' sd over 2 x 20 x 30 x 2 = 2400 values is
        // 0.1 within 4 standard errors (its relative SE is 1/sqrt(2 x 2400)).
        var replicated = Values("posterior_predictive", "y", "chain", "draw", "obs_id", "y_dim_0");
        var residuals = new List<double>();
        var f = new double[2];
        for (var c = 0; c < 2; c++)
        {
            for (var r = 0; r < 20; r++)
            {
                var network = new Network(architecture, chains[c].Draws.Row(r).Slice(chains[c].Draws.IndexOf(ChainResult.ParameterColumn(0)), architecture.ParameterCount));
                for (var i = 0; i < 30; i++)
                {
                    network.Evaluate(data.Input(i), f);
                    residuals.AddRange(f.Select((v, o) => replicated[(((((c * 20) + r) * 30) + i) * 2) + o] - v));
                }
            }
        }

        var sd = Math.Sqrt(residuals.Average(e => e * e));
        Assert.InRange(sd, 0.1 * (1 - (4 / Math.Sqrt(2.0 * residuals.Count))), 0.1 * (1 + (4 / Math.Sqrt(2.0 * residuals.Count))));
        Assert.Equal(data.Inputs.ToArray(), Values("constant_data", "x", "obs_id", "x_dim_0"));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), groups.GetProperty("posterior").GetProperty("coords").GetProperty("draw").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("1", groups.GetProperty("posterior").GetProperty("attrs").GetProperty("beta").GetString());

        // bfe predict's draws at new inputs: ArviZ's out-of-sample groups, y[c, r, t, o] = row (c * 20 + r), entry t * 2 + o.
        double[] inputs = [0.1, -0.3, 0.5, 0.7, -0.9, 0.2];
        var parameters = chains.SelectMany(c => Enumerable.Range(0, 20).Select(r => c.Draws.Row(r)[c.Draws.IndexOf(ChainResult.ParameterColumn(0))..][..architecture.ParameterCount].ToArray())).ToList();
        var predictive = BayesFreeEnergy.Estimation.PosteriorPredictive.Compute(architecture, parameters, inputs, 0.1, seed: 6);
        var predictionsPath = Path.Combine(_folder, "predictions.zarr");
        InferenceDataWriter.WritePredictions(predictionsPath, predictive.ObservationDraws, 2, inputs, 2);
        using var predictions = JsonDocument.Parse(Run(python, predictionsPath, "predictions", "predictions_constant_data"));
        groups = predictions.RootElement;
        Assert.Equal(predictive.ObservationDraws.SelectMany(d => d), Values("predictions", "y", "chain", "draw", "obs_id", "y_dim_0"));
        Assert.Equal(predictive.ObservationDraws[27][(2 * 2) + 1], Values("predictions", "y", "chain", "draw", "obs_id", "y_dim_0")[(((1 * 20) + 7) * 6) + (2 * 2) + 1]);
        Assert.Equal(inputs, Values("predictions_constant_data", "x", "obs_id", "x_dim_0"));
    }

    [Fact]
    public void AFailedWriteLeavesNoStoreAndARewriteReplacesTheOldOne()
    {
        var path = Path.Combine(_folder, "posterior.zarr");
        using (var store = new ZarrStore(path))
        {
            store.Group("g", new Dictionary<string, System.Text.Json.Nodes.JsonNode?>());
            Assert.Throws<ArgumentException>(() => store.Array("g/a", ["x"], [3], new double[2]));
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
        foreach (var size in new[] { 3, 4 })
        {
            using var store = new ZarrStore(path);
            store.Array("a", ["x"], [size], new double[size]);
            store.Commit();
        }

        Assert.Contains("\"shape\": [\n    4\n  ]", File.ReadAllText(Path.Combine(path, "a", ".zarray")).ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal([path], Directory.EnumerateFileSystemEntries(_folder));
    }

    // A Python that imports xarray and zarr: $BFE_PYTHON, Debian's /usr/bin/python3, or python3 on the PATH.
    private static string Python()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("BFE_PYTHON"), "/usr/bin/python3", "python3" }.OfType<string>();
        foreach (var candidate in candidates)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(candidate, ["-c", "import xarray, zarr"]) { RedirectStandardError = true });
                process!.WaitForExit();
                if (process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed
            }
        }

        var required = Environment.GetEnvironmentVariable("BFE_REQUIRE_PYTHON_READERS") == "1";
        Assert.False(required, "BFE_REQUIRE_PYTHON_READERS=1 but no Python with xarray and zarr was found (apt-get install python3-xarray python3-zarr)");
        Skip.If(true, "no Python with xarray and zarr (apt-get install python3-xarray python3-zarr)");
        return "";
    }

    private static string Run(string python, string path, params string[] groups)
    {
        var script = Path.Combine(Path.GetDirectoryName(path)!, "read.py");
        File.WriteAllText(script, Reader);
        using var process = Process.Start(new ProcessStartInfo(python, [script, path, .. groups]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"xarray could not read the store: {error.Result}");
        return output.Result;
    }
}
