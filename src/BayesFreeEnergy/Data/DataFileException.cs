namespace BayesFreeEnergy.Data;

/// <summary>A data or teacher file that cannot be used, with the file and (where it applies) the line at fault.</summary>
public sealed class DataFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file at fault.</param>
    /// <param name="line">1-based line number, or 0 when the problem is not on one line.</param>
    /// <param name="problem">What is wrong, in words a user can act on.</param>
    /// <param name="inner">The underlying error, if any.</param>
    public DataFileException(string path, int line, string problem, Exception? inner = null)
        : base(line > 0 ? $"{path}, line {line}: {problem}" : $"{path}: {problem}", inner)
    {
        FilePath = path;
        Line = line;
        Problem = problem;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number, or 0 when the problem is not on one line.</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
