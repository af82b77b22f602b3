namespace BayesFreeEnergy.Data;

/// <summary>
/// A regression data set D_n = {(x_i, y_i)}: n inputs in R^M and n targets in R^N, stored row-major.
/// </summary>
public sealed class Dataset
{
    private readonly double[] _inputs;
    private readonly double[] _targets;

    /// <summary>Creates a data set from row-major inputs (n x M) and targets (n x N).</summary>
    /// <exception cref="ArgumentException">Sizes do not agree, n is zero, or a value is NaN or infinite.</exception>
    public Dataset(double[] inputs, int inputWidth, double[] targets, int outputWidth)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        if (inputs.Length == 0 || inputs.Length % inputWidth != 0)
        {
            throw new ArgumentException($"{inputs.Length} input values do not form rows of {inputWidth}", nameof(inputs));
        }

        var count = inputs.Length / inputWidth;
        if (targets.Length != count * outputWidth)
        {
            throw new ArgumentException($"{count} inputs need {count * outputWidth} target values, got {targets.Length}", nameof(targets));
        }

        if (!inputs.All(double.IsFinite) || !targets.All(double.IsFinite))
        {
            throw new ArgumentException("data values must be finite (no NaN or infinity)", nameof(inputs));
        }

        _inputs = inputs;
        _targets = targets;
        InputWidth = inputWidth;
        OutputWidth = outputWidth;
        Count = count;
    }

    /// <summary>Number of data points n.</summary>
    public int Count { get; }

    /// <summary>Input width M.</summary>
    public int InputWidth { get; }

    /// <summary>Output width N.</summary>
    public int OutputWidth { get; }

    /// <summary>All inputs, row-major: x_s[i] is at s * M + i.</summary>
    public ReadOnlySpan<double> Inputs => _inputs;

    /// <summary>All targets, row-major: y_s[o] is at s * N + o.</summary>
    public ReadOnlySpan<double> Targets => _targets;

    /// <summary>Input x_s.</summary>
    public ReadOnlySpan<double> Input(int s) => _inputs.AsSpan(s * InputWidth, InputWidth);

    /// <summary>Target y_s.</summary>
    public ReadOnlySpan<double> Target(int s) => _targets.AsSpan(s * OutputWidth, OutputWidth);

    /// <summary>
    /// SHA-256 (hex) of the widths and every input and target bit: equal exactly when two data sets are the same, so
    /// results can say which data they were fitted to.
    /// </summary>
    public string Hash()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(BitConverter.GetBytes(InputWidth));
        hash.AppendData(BitConverter.GetBytes(OutputWidth));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Inputs));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Targets));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
