using System.Text.Json;
using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Estimation;

/// <summary>
/// Model selection by the marginal likelihood: fits of models to the same data (folders written by <c>bfe freeenergy</c>)
/// ranked by their stepping-stone free energy F_n, lowest (most probable) first. log Bayes factor of the best against a
/// model = F_n(model) - F_n(best).
/// </summary>
public static class ModelComparison
{
    /// <summary>The file a fit folder holds its <see cref="FreeEnergyReport"/> in.</summary>
    public const string ReportFile = "freeenergy.json";

    /// <summary>Reads the report of a fit folder.</summary>
    /// <exception cref="DataFileException">The folder holds no report, or one that does not read.</exception>
    public static FreeEnergyReport Read(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var path = Path.Combine(folder, ReportFile);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, "not found; run bfe freeenergy --out FOLDER first");
        }

        try
        {
            return JsonSerializer.Deserialize<FreeEnergyReport>(File.ReadAllText(path), JsonFormat.Options) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, 0, $"is not a bfe freeenergy result: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    /// <summary>Ranks fits by F_n, lowest first.</summary>
    /// <param name="fits">Two or more fits, each named by its folder.</param>
    /// <exception cref="InvalidInputException">Fewer than two fits, one folder twice, or fits to different data (n or data hash).</exception>
    public static IReadOnlyList<RankedFit> Rank(IReadOnlyList<(string Folder, FreeEnergyReport Report)> fits)
    {
        ArgumentNullException.ThrowIfNull(fits);
        if (fits.Count < 2)
        {
            throw new InvalidInputException("a comparison needs at least two fits");
        }

        if (fits.Select(f => Path.GetFullPath(f.Folder)).Distinct().Count() < fits.Count)
        {
            throw new InvalidInputException("a folder is listed twice; compare each fit once");
        }

        if (fits.Select(f => f.Report.N).Distinct().Count() > 1 || fits.Select(f => f.Report.DataHash).OfType<string>().Distinct().Count() > 1)
        {
            throw new InvalidInputException("the fits are to different data; free energies compare models of the same data only");
        }

        var ordered = fits.OrderBy(f => f.Report.SteppingStone.Value).ToList();
        var best = ordered[0].Report.SteppingStone.Value;
        return [.. ordered.Select((f, i) => new RankedFit(i + 1, f.Folder, f.Report, f.Report.SteppingStone.Value - best))];
    }
}
