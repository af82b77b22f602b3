using System.Text.Json;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Data;

/// <summary>
/// Reads and writes a teacher network as JSON:
/// <c>{"architecture": "1-3-1", "activation": "relu", "biases": true, "noise": 0.1,
/// "layers": [{"weights": [[...], ...], "bias": [...]}, ...]}</c>, where <c>weights</c> of layer k has
/// H_k rows of H_{k-1} numbers (W_k[j][i] connects input unit i to output unit j) and <c>noise</c> is optional.
/// </summary>
public static class TeacherFile
{
    private static readonly JsonSerializerOptions Options = JsonFormat.InputFiles;

    /// <summary>Reads a teacher; <paramref name="noise"/> receives the recorded noise level, if any.</summary>
    /// <exception cref="DataFileException">Missing file, invalid JSON, or weights that do not fit the architecture.</exception>
    public static Network Read(string path, out double? noise)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new DataFileException(path, 0, "teacher file not found");
        }

        TeacherDocument document;
        try
        {
            document = JsonSerializer.Deserialize<TeacherDocument>(File.ReadAllText(path), Options)
                ?? throw new DataFileException(path, 0, "is empty (null) instead of a teacher object");
        }
        catch (JsonException e)
        {
            throw new DataFileException(path, (int)(e.LineNumber ?? -1) + 1, $"is not a valid teacher file: {e.Message.Split(" Path:")[0]}", e);
        }

        try
        {
            var activation = document.Activation?.ToLowerInvariant() switch
            {
                null or "relu" => Activation.Relu,
                "identity" or "linear" => Activation.Identity,
                var other => throw new FormatException($"unknown activation '{other}' (use relu or identity)"),
            };
            var architecture = Architecture.Parse(document.Architecture ?? throw new FormatException("missing \"architecture\""),
                activation, document.Biases ?? true);
            var layers = document.Layers ?? throw new FormatException("missing \"layers\"");
            if (layers.Length != architecture.LayerCount)
            {
                throw new FormatException($"architecture {architecture} has {architecture.LayerCount} layers, the file lists {layers.Length}");
            }

            var parameters = new double[architecture.ParameterCount];
            for (var k = 1; k <= architecture.LayerCount; k++)
            {
                var shape = architecture.Layer(k);
                var layer = layers[k - 1];
                var weights = layer.Weights ?? throw new FormatException($"layer {k} has no \"weights\"");
                if (weights.Length != shape.Outputs || weights.Any(row => row is null || row.Length != shape.Inputs))
                {
                    throw new FormatException($"layer {k} weights must be {shape.Outputs} rows of {shape.Inputs} numbers");
                }

                for (var j = 0; j < shape.Outputs; j++)
                {
                    weights[j].CopyTo(parameters, shape.WeightOffset + (j * shape.Inputs));
                }

                if (shape.HasBias)
                {
                    var bias = layer.Bias ?? throw new FormatException($"layer {k} has no \"bias\" (set \"biases\": false for a network without)");
                    if (bias.Length != shape.Outputs)
                    {
                        throw new FormatException($"layer {k} bias must have {shape.Outputs} numbers, has {bias.Length}");
                    }

                    bias.CopyTo(parameters, shape.BiasOffset);
                }
                else if (layer.Bias is not null)
                {
                    throw new FormatException($"layer {k} has a \"bias\" but \"biases\" is false");
                }
            }

            // 0 is what `bfe data --noise 0` records for noiseless data.
            if (document.Noise is { } s && !(s >= 0 && double.IsFinite(s)))
            {
                throw new FormatException($"noise must be non-negative and finite, is {s}");
            }

            noise = document.Noise;
            return new Network(architecture, parameters);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new DataFileException(path, 0, e.Message, e);
        }
    }

    /// <summary>Writes <paramref name="teacher"/> (and the noise level, if given) atomically.</summary>
    public static void Write(string path, Network teacher, double? noise = null)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        var architecture = teacher.Architecture;
        var document = new TeacherDocument
        {
            Architecture = architecture.ToString(),
            Activation = architecture.Activation == Activation.Relu ? "relu" : "identity",
            Biases = architecture.HasBiases,
            Noise = noise,
            Layers = [.. Enumerable.Range(1, architecture.LayerCount).Select(k =>
            {
                var shape = architecture.Layer(k);
                return new LayerDocument
                {
                    Weights = [.. Enumerable.Range(0, shape.Outputs).Select(j => teacher.Parameters.Slice(shape.WeightOffset + (j * shape.Inputs), shape.Inputs).ToArray())],
                    Bias = shape.HasBias ? teacher.Parameters.Slice(shape.BiasOffset, shape.Outputs).ToArray() : null,
                };
            })],
        };
        AtomicFile.Write(path, writer => writer.Write(JsonSerializer.Serialize(document, Options)));
    }

    private sealed class TeacherDocument
    {
        public string? Architecture { get; set; }

        public string? Activation { get; set; }

        public bool? Biases { get; set; }

        public double? Noise { get; set; }

        public LayerDocument[]? Layers { get; set; }
    }

    private sealed class LayerDocument
    {
        public double[][]? Weights { get; set; }

        public double[]? Bias { get; set; }
    }
}
