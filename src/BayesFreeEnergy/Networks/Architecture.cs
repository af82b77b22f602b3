using System.Globalization;

namespace BayesFreeEnergy.Networks;

/// <summary>
/// A fully connected architecture <c>M-H1-...-N</c>: input width M, hidden widths H1.., output width N.
/// </summary>
/// <remarks>
/// <para>
/// Flat parameter layout (a public format: draws files and teacher files use it). Layers are stored in
/// order k = 1 .. L; each layer stores its weight matrix W_k (H_k rows, H_{k-1} columns) row-major,
/// followed by its bias b_k when biases are on. So W_k[j, i] (from input unit i to output unit j) is
/// parameter <c>Layer(k).WeightOffset + j * H_{k-1} + i</c> and b_k[j] is <c>Layer(k).BiasOffset + j</c>.
/// </para>
/// <para>d = sum_k H_k (H_{k-1} + 1) with biases, sum_k H_k H_{k-1} without.</para>
/// </remarks>
public sealed class Architecture : IEquatable<Architecture>
{
    /// <summary>Largest parameter count accepted: beyond this the tool cannot hold a draw in memory sensibly.</summary>
    public const long MaxParameterCount = 100_000_000;

    private readonly int[] _widths;
    private readonly LayerShape[] _layers;

    /// <summary>Creates an architecture from its widths.</summary>
    /// <param name="widths">Input, hidden and output widths; at least two, each at least 1.</param>
    /// <param name="activation">Hidden-layer activation.</param>
    /// <param name="hasBiases">Whether every layer has a bias vector.</param>
    /// <exception cref="ArgumentException">Fewer than two widths, a width below 1, or more than <see cref="MaxParameterCount"/> parameters.</exception>
    public Architecture(IReadOnlyList<int> widths, Activation activation = Activation.Relu, bool hasBiases = true)
    {
        ArgumentNullException.ThrowIfNull(widths);
        if (widths.Count < 2)
        {
            throw new InvalidInputException("an architecture needs at least an input and an output width, e.g. 1-3-1", nameof(widths));
        }

        for (var k = 0; k < widths.Count; k++)
        {
            if (widths[k] < 1)
            {
                throw new InvalidInputException($"width {k + 1} is {widths[k]}; every width must be at least 1", nameof(widths));
            }
        }

        _widths = [.. widths];
        _layers = new LayerShape[_widths.Length - 1];
        long offset = 0;
        for (var k = 0; k < _layers.Length; k++)
        {
            long inputs = _widths[k], outputs = _widths[k + 1];
            var size = (inputs * outputs) + (hasBiases ? outputs : 0);
            if (offset + size > MaxParameterCount)
            {
                throw new InvalidInputException(
                    $"architecture {string.Join('-', _widths)} has more than {MaxParameterCount:N0} parameters", nameof(widths));
            }

            _layers[k] = new LayerShape((int)inputs, (int)outputs, (int)offset, hasBiases ? (int)(offset + (inputs * outputs)) : -1);
            offset += size;
        }

        ParameterCount = (int)offset;
        Activation = activation;
        HasBiases = hasBiases;
    }

    /// <summary>All widths, input first, output last.</summary>
    public IReadOnlyList<int> Widths => _widths;

    /// <summary>Hidden-layer activation.</summary>
    public Activation Activation { get; }

    /// <summary>Whether every layer has a bias vector.</summary>
    public bool HasBiases { get; }

    /// <summary>Input width M.</summary>
    public int InputWidth => _widths[0];

    /// <summary>Output width N.</summary>
    public int OutputWidth => _widths[^1];

    /// <summary>Number of weight layers L (the number of dashes in the architecture string).</summary>
    public int LayerCount => _layers.Length;

    /// <summary>Number of parameters d.</summary>
    public int ParameterCount { get; }

    /// <summary>Total number of hidden units, sum of H_k for k &lt; L.</summary>
    public int HiddenUnitCount => _widths[1..^1].Sum();

    /// <summary>The shape and offsets of weight layer <paramref name="k"/>, counted from 1 as in docs/theory.md.</summary>
    public LayerShape Layer(int k) => _layers[k - 1];

    /// <summary>
    /// Parses <c>M-H1-...-N</c>, for example <c>2-10-10-1</c>.
    /// </summary>
    /// <exception cref="FormatException">The text is empty, has a non-numeric or non-positive width, a single width, or describes more than <see cref="MaxParameterCount"/> parameters.</exception>
    public static Architecture Parse(string text, Activation activation = Activation.Relu, bool hasBiases = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidInputException("architecture is empty; write widths separated by '-', e.g. 1-3-1");
        }

        var parts = text.Trim().Split('-');
        if (parts.Length < 2)
        {
            throw new InvalidInputException($"architecture '{text}' has a single width; it needs at least input and output widths, e.g. 1-3-1");
        }

        var widths = new int[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            var part = parts[k].Trim();
            if (part.Length == 0)
            {
                throw new InvalidInputException($"architecture '{text}' has an empty width at position {k + 1} (a negative number or a doubled '-'?)");
            }

            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var width))
            {
                throw new InvalidInputException($"architecture '{text}': width {k + 1} ('{part}') is not a whole number");
            }

            if (width < 1)
            {
                throw new InvalidInputException($"architecture '{text}': width {k + 1} is {width}; every width must be at least 1");
            }

            if (width > MaxParameterCount)
            {
                throw new InvalidInputException($"architecture '{text}' has more than {MaxParameterCount:N0} parameters");
            }

            widths[k] = (int)width;
        }

        try
        {
            return new Architecture(widths, activation, hasBiases);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"architecture '{text}': {e.Message.Split(" (Parameter")[0]}", null, e);
        }
    }

    /// <summary>The architecture string <c>M-H1-...-N</c> (activation and biases are not part of it).</summary>
    public override string ToString() => string.Join('-', _widths);

    /// <inheritdoc/>
    public bool Equals(Architecture? other) =>
        other is not null && Activation == other.Activation && HasBiases == other.HasBiases && _widths.AsSpan().SequenceEqual(other._widths);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Architecture);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(ToString(), Activation, HasBiases);
}
