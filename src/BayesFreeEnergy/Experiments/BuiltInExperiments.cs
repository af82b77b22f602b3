namespace BayesFreeEnergy.Experiments;

/// <summary>Experiments shipped with the library.</summary>
public static class BuiltInExperiments
{
    /// <summary>
    /// The headline reproduction (the file examples/reproduce.json): a 1-3-1 teacher with kinks inside the support and
    /// models from its own size to three hidden layers of twice its width, sized to finish in under 15 minutes on 2 cores.
    /// </summary>
    public static ExperimentDefinition Reproduce() => ExperimentFile.Parse(ReproduceJson, "built-in experiment (examples/reproduce.json)");

    /// <summary>The file text of <see cref="Reproduce"/>.</summary>
    public static string ReproduceJson
    {
        get
        {
            using var stream = typeof(BuiltInExperiments).Assembly.GetManifestResourceStream("BayesFreeEnergy.Experiments.reproduce.json")
                ?? throw new InvalidOperationException("the built-in experiment is missing from the assembly");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }
}
