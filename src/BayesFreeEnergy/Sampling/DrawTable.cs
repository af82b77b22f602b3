namespace BayesFreeEnergy.Sampling;

/// <summary>
/// The draws of one chain as a table: named columns (Stan's sampler columns, then parameters and derived
/// quantities) and one row per draw, stored row-major. This is exactly what a CmdStan CSV holds.
/// </summary>
public sealed class DrawTable
{
    private readonly double[] _values;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates an empty table with room for <paramref name="rows"/> draws.</summary>
    public DrawTable(IReadOnlyList<string> columns, int rows)
        : this(columns, new double[checked(columns.Count * rows)])
    {
    }

    /// <summary>Wraps row-major <paramref name="values"/> (length a multiple of the column count).</summary>
    public DrawTable(IReadOnlyList<string> columns, double[] values)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (columns.Count == 0 || values.Length % columns.Count != 0)
        {
            throw new ArgumentException($"{values.Length} values do not form rows of {columns.Count} columns", nameof(values));
        }

        Columns = [.. columns];
        _values = values;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < Columns.Count; c++)
        {
            if (!_index.TryAdd(Columns[c], c))
            {
                throw new ArgumentException($"duplicate column '{Columns[c]}'", nameof(columns));
            }
        }
    }

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Number of draws.</summary>
    public int RowCount => _values.Length / Columns.Count;

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Draw <paramref name="row"/>.</summary>
    public Span<double> Row(int row) => _values.AsSpan(row * Columns.Count, Columns.Count);

    /// <summary>Index of column <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    /// <summary>The values of column <paramref name="name"/> over all draws.</summary>
    public double[] Column(string name)
    {
        var c = IndexOf(name);
        if (c < 0)
        {
            throw new KeyNotFoundException($"no column '{name}'");
        }

        return Column(c);
    }

    /// <summary>The values of column <paramref name="column"/> over all draws.</summary>
    public double[] Column(int column)
    {
        var result = new double[RowCount];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = _values[(r * Columns.Count) + column];
        }

        return result;
    }
}
