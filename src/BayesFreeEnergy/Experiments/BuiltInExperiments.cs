namespace BayesFreeEnergy.Experiments;

/// <summary>Experiments shipped with the library.</summary>
public static class BuiltInExperiments
{
    /// <summary>
    /// The headline reproduction (the file examples/reproduce.json): a 1-3-1 teacher with kinks inside the support and
    /// models from its own size to three hidden layers of twice its width, sized to finish in under 15 minutes on 2 cores.
    /// </summary>
    public static ExperimentDefinition Reproduce() => ExperimentFile.Parse(ReproduceJson, "built-in experiment (examples/reproduce.json)");

    /// <summary>
    /// The definitive reproduction of <c>bfe reproduce --full</c> (the file examples/reproduce-full.json): the same teacher
    /// and models at n up to 1600 with enough draws for the convergence rule, an estimated 1 to 2 hours of 2 cores, meant to be sharded.
    /// </summary>
    public static ExperimentDefinition ReproduceFull() => ExperimentFile.Parse(Resource("reproduce-full.json"), "built-in experiment (examples/reproduce-full.json)");

    /// <summary>The file text of <see cref="Reproduce"/>.</summary>
    public static string ReproduceJson => Resource("reproduce.json");

    internal static string Resource(string name)
    {
        using var stream = typeof(BuiltInExperiments).Assembly.GetManifestResourceStream("BayesFreeEnergy.Experiments." + name)
            ?? throw new InvalidOperationException($"the built-in experiment {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
