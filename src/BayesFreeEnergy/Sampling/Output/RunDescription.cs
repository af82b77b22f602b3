namespace BayesFreeEnergy.Sampling.Output;

/// <summary>What a draws file records about the run besides the draws: the model, its data and where things came from.</summary>
/// <param name="Model">Model name, e.g. the architecture string.</param>
/// <param name="DataFile">Path of the data file, or empty.</param>
/// <param name="Extra">Further key-value pairs written as <c># bfe_key = value</c> comments (architecture, noise, prior, ...).</param>
/// <param name="Architecture">The network whose parameters the draws hold: its columns are then named per layer
/// (<see cref="ParameterNames"/>); null keeps the flat names w.1 .. w.d.</param>
public sealed record RunDescription(string Model, string DataFile, IReadOnlyDictionary<string, string> Extra, Networks.Architecture? Architecture = null);
