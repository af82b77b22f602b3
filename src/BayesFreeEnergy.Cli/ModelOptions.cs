using System.CommandLine;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Models;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Cli;

/// <summary>The options that define a model over a user's data (--data, --model, --noise, prior), shared by every command that fits one.</summary>
internal sealed class ModelOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Data CSV: input columns, then output columns (header optional)", Required = true };

    public Option<string> Model { get; } = new("--model") { Description = "Model architecture, e.g. 1-5-5-1", Required = true };

    public Option<double> Noise { get; } = new("--noise") { Description = "Known noise standard deviation s", Required = true };

    public Option<double> PriorSd { get; } = new("--prior-sd") { Description = "Gaussian prior N(0, sd^2) on every parameter", DefaultValueFactory = _ => 1 };

    public Option<double?> PriorBox { get; } = new("--prior-box") { Description = "Uniform prior on [-a, a]^d instead of the Gaussian" };

    public Option<Activation> Activation { get; } = new("--activation") { Description = "Hidden activation", DefaultValueFactory = _ => Networks.Activation.Relu };

    public Option<bool> NoBiases { get; } = new("--no-biases") { Description = "Layers without bias vectors" };

    public Option<int> GradientThreads { get; } = new("--gradient-threads")
    {
        Description = "Threads each chain's gradient splits the data points over (results repeat exactly for a given count; pays from about n x d = 10^6)",
        DefaultValueFactory = _ => 1,
    };

    public void AddTo(Command command)
    {
        command.Add(Data);
        command.Add(Model);
        command.Add(Noise);
        command.Add(PriorSd);
        command.Add(PriorBox);
        command.Add(Activation);
        command.Add(NoBiases);
        command.Add(GradientThreads);
    }

    /// <summary>Parses the architecture, loads and checks the data, and builds the model; every user mistake becomes a clear error.</summary>
    public GaussianRegressionModel Build(ParseResult parse, out string dataPath)
    {
        var architecture = Architecture.Parse(parse.GetValue(Model)!, parse.GetValue(Activation), !parse.GetValue(NoBiases));
        var noise = parse.GetValue(Noise);
        if (!(noise > 0) || !double.IsFinite(noise))
        {
            throw new UsageException($"--noise must be positive and finite, got {noise}");
        }

        IPrior prior = parse.GetValue(PriorBox) is { } box
            ? (box > 0 && double.IsFinite(box) ? new UniformBoxPrior(box) : throw new UsageException($"--prior-box must be positive, got {box}"))
            : parse.GetValue(PriorSd) is var sd && sd > 0 && double.IsFinite(sd) ? new GaussianPrior(sd) : throw new UsageException("--prior-sd must be positive");
        var threads = parse.GetValue(GradientThreads);
        if (threads < 1)
        {
            throw new UsageException($"--gradient-threads must be at least 1, got {threads}");
        }

        dataPath = parse.GetValue(Data)!;
        var data = CsvDataFile.Read(dataPath, architecture.InputWidth, architecture.OutputWidth, architecture.ToString());
        return new GaussianRegressionModel(architecture, data, noise, prior, threads);
    }
}
