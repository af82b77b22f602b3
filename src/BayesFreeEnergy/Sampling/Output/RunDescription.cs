namespace BayesFreeEnergy.Sampling.Output;

/// <summary>What a draws file records about the run besides the draws: the model, its data and where things came from.</summary>
/// <param name="Model">Model name, e.g. the architecture string.</param>
/// <param name="DataFile">Path of the data file, or empty.</param>
/// <param name="Extra">Further key-value pairs written as <c># bfe_key = value</c> comments (architecture, noise, prior, ...).</param>
/// <param name="Architecture">The network whose parameters the draws hold: its columns are then named per layer
/// (<see cref="ParameterNames"/>); null keeps the flat names w.1 .. w.d.</param>
public sealed record RunDescription(string Model, string DataFile, IReadOnlyDictionary<string, string> Extra, Networks.Architecture? Architecture = null)
{
    /// <summary>
    /// The description of a run of <paramref name="model"/> on the data in <paramref name="dataFile"/>: the keys
    /// <see cref="DrawsFolder.Read"/> reads back (architecture, activation, biases, noise) and the prior and n.
    /// </summary>
    public static RunDescription For(Models.GaussianRegressionModel model, string dataFile)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataFile);
        var extra = new Dictionary<string, string>
        {
            ["architecture"] = model.Architecture.ToString(),
            ["activation"] = model.Architecture.Activation.ToString().ToLowerInvariant(),
            ["biases"] = model.Architecture.HasBiases ? "true" : "false",
            ["noise"] = model.Noise.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["prior"] = model.Prior.ToString() ?? "",
            ["n"] = model.DataCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new RunDescription(model.Architecture.ToString(), Path.GetFullPath(dataFile), extra, model.Architecture);
    }
}
