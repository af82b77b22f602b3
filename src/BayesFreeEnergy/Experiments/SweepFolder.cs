using System.Text.Json;
using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Experiments;

/// <summary>
/// A results folder: <c>experiment.json</c> (the canonical experiment, whose hash every result carries) and one
/// <c>runs/&lt;id&gt;.json</c> per finished run, each written whole or not at all. A folder belongs to one experiment:
/// opening it for another is refused rather than mixing results.
/// </summary>
public sealed class SweepFolder
{
    /// <summary>The canonical experiment file inside a results folder.</summary>
    public const string ExperimentFileName = "experiment.json";

    /// <summary>The subfolder of per-run result files.</summary>
    public const string RunsFolderName = "runs";

    // AtomicFile's temporary files live for milliseconds; one this old was left by a killed process.
    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(1);

    private SweepFolder(string path, ExperimentDefinition experiment)
    {
        FolderPath = path;
        Experiment = experiment;
        Hash = experiment.Hash();
    }

    /// <summary>The folder.</summary>
    public string FolderPath { get; }

    /// <summary>The experiment whose results it holds.</summary>
    public ExperimentDefinition Experiment { get; }

    /// <summary>The experiment's hash.</summary>
    public string Hash { get; }

    /// <summary>
    /// Opens <paramref name="path"/> for <paramref name="experiment"/>, creating it and its <c>experiment.json</c> if
    /// needed, and removes temporary files that killed runs left behind.
    /// </summary>
    /// <exception cref="DataFileException">The folder holds results of a different experiment.</exception>
    public static SweepFolder Create(string path, ExperimentDefinition experiment)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(experiment);
        var folder = new SweepFolder(path, experiment);
        var file = Path.Combine(path, ExperimentFileName);
        if (File.Exists(file))
        {
            var existing = ExperimentFile.Read(file);
            if (existing.Hash() != folder.Hash)
            {
                throw new DataFileException(file, 0,
                    $"this folder holds results of a different experiment (hash {existing.Hash()[..12]}, the experiment given has {folder.Hash[..12]}): " +
                    "the experiment file changed since these results were made. Use a new --out folder, or restore the old file.");
            }
        }
        else
        {
            AtomicFile.Write(file, writer => writer.Write(ExperimentFile.ToJson(experiment)));
        }

        var runs = Path.Combine(path, RunsFolderName);
        Directory.CreateDirectory(runs);
        foreach (var orphan in Directory.EnumerateFiles(runs, ".*.tmp"))
        {
            if (DateTime.UtcNow - File.GetLastWriteTimeUtc(orphan) > OrphanAge)
            {
                File.Delete(orphan);
            }
        }

        return folder;
    }

    /// <summary>Opens an existing results folder, reading its experiment from <c>experiment.json</c>.</summary>
    /// <exception cref="DataFileException">The folder has no readable <c>experiment.json</c>.</exception>
    public static SweepFolder Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Path.Combine(path, ExperimentFileName);
        if (!File.Exists(file))
        {
            throw new DataFileException(file, 0, "not found: this is not a results folder of bfe sweep or bfe reproduce");
        }

        return new SweepFolder(path, ExperimentFile.Read(file));
    }

    /// <summary>Where the result of <paramref name="run"/> lives.</summary>
    public string ResultPath(ExperimentRun run) => ResultPath(run?.Id ?? throw new ArgumentNullException(nameof(run)));

    /// <summary>Whether <paramref name="run"/> has finished.</summary>
    public bool IsFinished(ExperimentRun run) => File.Exists(ResultPath(run));

    /// <summary>Writes a finished run atomically.</summary>
    public void Write(ExperimentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.ExperimentHash != Hash)
        {
            throw new InvalidInputException("the result belongs to a different experiment", nameof(result));
        }

        AtomicFile.Write(ResultPath(result.Id), writer => writer.Write(JsonSerializer.Serialize(result, JsonFormat.Options)));
    }

    /// <summary>Every finished run of the experiment, in the experiment's run order.</summary>
    /// <exception cref="DataFileException">A result file is unreadable or belongs to another experiment.</exception>
    public IReadOnlyList<ExperimentRunResult> ReadResults()
    {
        var results = new List<ExperimentRunResult>();
        foreach (var run in Experiment.Runs().Where(IsFinished))
        {
            var path = ResultPath(run);
            ExperimentRunResult result;
            try
            {
                result = JsonSerializer.Deserialize<ExperimentRunResult>(File.ReadAllText(path), JsonFormat.Options)
                    ?? throw new JsonException("the file holds null");
            }
            catch (JsonException e)
            {
                throw new DataFileException(path, (int)(e.LineNumber ?? -1) + 1, $"is not a run result: {e.Message.Split(" Path:")[0]}", e);
            }

            if (result.ExperimentHash != Hash)
            {
                throw new DataFileException(path, 0, "belongs to a different experiment than this folder's experiment.json");
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>
    /// Reads the results of one or more folders of the same experiment (for example the shards of a cluster job),
    /// each run once.
    /// </summary>
    /// <exception cref="DataFileException">The folders hold different experiments.</exception>
    public static (ExperimentDefinition Experiment, IReadOnlyList<ExperimentRunResult> Results) ReadAll(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new InvalidInputException("no results folder given", nameof(paths));
        }

        var folders = paths.Select(Open).ToList();
        var first = folders[0];
        foreach (var other in folders.Skip(1).Where(f => f.Hash != first.Hash))
        {
            throw new DataFileException(Path.Combine(other.FolderPath, ExperimentFileName), 0,
                $"holds a different experiment than {Path.Combine(first.FolderPath, ExperimentFileName)}; results of different experiments cannot be combined");
        }

        // The same run from two shards must be the same result (runs are bit-for-bit repeatable); if the estimates differ,
        // the shards ran different code or settings and neither can silently win.
        var byId = new Dictionary<string, (ExperimentRunResult Result, string Folder)>();
        foreach (var folder in folders)
        {
            foreach (var result in folder.ReadResults())
            {
                if (!byId.TryAdd(result.Id, (result, folder.FolderPath)) && !SameEstimates(byId[result.Id].Result, result))
                {
                    throw new DataFileException(folder.ResultPath(result.Id), 0,
                        $"is a different result for run {result.Id} than {Path.Combine(byId[result.Id].Folder, RunsFolderName, result.Id + ".json")} " +
                        $"(F_n {byId[result.Id].Result.FreeEnergy.SteppingStone.Value:R} against {result.FreeEnergy.SteppingStone.Value:R}): the shards ran different " +
                        "code or settings; keep one of the two files and merge again");
                }
            }
        }

        return (first.Experiment, [.. first.Experiment.Runs().Where(r => byId.ContainsKey(r.Id)).Select(r => byId[r.Id].Result)]);
    }

    private static bool SameEstimates(ExperimentRunResult a, ExperimentRunResult b) =>
        a.FreeEnergy.SteppingStone.Value.Equals(b.FreeEnergy.SteppingStone.Value) && a.FreeEnergy.Ti.Value.Equals(b.FreeEnergy.Ti.Value)
        && a.FreeEnergy.LambdaWbic2.Value.Equals(b.FreeEnergy.LambdaWbic2.Value) && a.FreeEnergy.LambdaVariance.Value.Equals(b.FreeEnergy.LambdaVariance.Value);

    private string ResultPath(string id) => Path.Combine(FolderPath, RunsFolderName, id + ".json");
}
