using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>
/// Writes a zarr (format 2) directory store once: groups with attributes, and arrays stored uncompressed as one chunk,
/// each named along its dimensions in xarray's convention (the <c>_ARRAY_DIMENSIONS</c> attribute), plus the consolidated
/// metadata (<c>.zmetadata</c>) that xarray and ArviZ read first. The store is built in a temporary folder beside the
/// target and moved into place by <see cref="Commit"/>, so a reader never sees half of it.
/// </summary>
/// <remarks>
/// Zarr rather than netCDF4: a zarr store is JSON and raw bytes, which .NET writes exactly with no native library, while
/// netCDF4 is HDF5, whose format is too large to write correctly by hand. Both open with <c>xarray.open_zarr</c> /
/// <c>arviz.from_zarr</c>.
/// </remarks>
public sealed class ZarrStore : IDisposable
{
    private readonly string _target;
    private readonly string _root;
    private readonly SortedDictionary<string, JsonNode> _metadata = new(StringComparer.Ordinal);
    private bool _committed;

    /// <summary>Starts a store that <see cref="Commit"/> will place at <paramref name="path"/> (a folder, e.g. posterior.zarr).</summary>
    public ZarrStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _target = Path.GetFullPath(path);
        _root = Path.Combine(Path.GetDirectoryName(_target)!, $".{Path.GetFileName(_target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(_root);
        Group("", new Dictionary<string, JsonNode?>());
    }

    /// <summary>Adds a group (its path relative to the root, "" for the root) with attributes.</summary>
    public void Group(string path, IReadOnlyDictionary<string, JsonNode?> attributes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(attributes);
        Put(path, ".zgroup", new JsonObject { ["zarr_format"] = 2 });
        Put(path, ".zattrs", new JsonObject(attributes.Select(a => KeyValuePair.Create(a.Key, a.Value?.DeepClone()))));
    }

    /// <summary>Adds a float64 array in C order.</summary>
    /// <param name="path">Path relative to the root, e.g. posterior/W1.</param>
    /// <param name="dimensions">One name per axis; the shape is their sizes.</param>
    /// <param name="shape">Sizes of the axes; their product is the length of <paramref name="values"/>.</param>
    /// <param name="values">The values, last axis fastest.</param>
    public void Array(string path, IReadOnlyList<string> dimensions, IReadOnlyList<int> shape, ReadOnlySpan<double> values) =>
        Write(path, dimensions, shape, "f8", MemoryMarshal.AsBytes(values), values.Length);

    /// <summary>Adds an int64 array in C order (see the float64 overload).</summary>
    public void Array(string path, IReadOnlyList<string> dimensions, IReadOnlyList<int> shape, ReadOnlySpan<long> values) =>
        Write(path, dimensions, shape, "i8", MemoryMarshal.AsBytes(values), values.Length);

    /// <summary>Adds a boolean array in C order (see the float64 overload).</summary>
    public void Array(string path, IReadOnlyList<string> dimensions, IReadOnlyList<int> shape, ReadOnlySpan<bool> values) =>
        Write(path, dimensions, shape, "b1", MemoryMarshal.AsBytes(values), values.Length);

    /// <summary>Writes the consolidated metadata and moves the store into place, replacing what was there.</summary>
    public void Commit()
    {
        var consolidated = new JsonObject
        {
            ["metadata"] = new JsonObject(_metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value.DeepClone()))),
            ["zarr_consolidated_format"] = 1,
        };
        File.WriteAllText(Path.Combine(_root, ".zmetadata"), consolidated.ToJsonString(JsonFormat.Options));
        var old = _target + $".{Guid.NewGuid():N}.old";
        if (Directory.Exists(_target))
        {
            Directory.Move(_target, old);
        }

        Directory.Move(_root, _target);
        _committed = true;
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>Removes the temporary folder of a store that was not committed.</summary>
    public void Dispose()
    {
        if (!_committed && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void Write(string path, IReadOnlyList<string> dimensions, IReadOnlyList<int> shape, string type, ReadOnlySpan<byte> bytes, int length)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentNullException.ThrowIfNull(shape);
        if (dimensions.Count != shape.Count || shape.Any(s => s < 1) || shape.Aggregate(1L, (p, s) => p * s) != length)
        {
            throw new ArgumentException($"array {path}: {length} values do not fill the shape ({string.Join(", ", shape)}) of dimensions ({string.Join(", ", dimensions)})");
        }

        // Raw values in the machine's byte order, which the dtype states ('<' little-endian, '>' big, '|' single bytes).
        var order = type == "b1" ? "|" : BitConverter.IsLittleEndian ? "<" : ">";
        Put(path, ".zarray", new JsonObject
        {
            ["chunks"] = new JsonArray([.. shape.Select(s => (JsonNode)s)]),
            ["compressor"] = null,
            ["dimension_separator"] = ".",
            ["dtype"] = order + type,
            ["fill_value"] = null,
            ["filters"] = null,
            ["order"] = "C",
            ["shape"] = new JsonArray([.. shape.Select(s => (JsonNode)s)]),
            ["zarr_format"] = 2,
        });
        Put(path, ".zattrs", new JsonObject { ["_ARRAY_DIMENSIONS"] = new JsonArray([.. dimensions.Select(d => (JsonNode)d)]) });
        var chunk = shape.Count == 0 ? "0" : string.Join('.', shape.Select(_ => "0"));
        using var stream = new FileStream(Path.Combine(_root, path, chunk), FileMode.CreateNew, FileAccess.Write);
        stream.Write(bytes);
    }

    private void Put(string path, string name, JsonObject document)
    {
        var key = path.Length == 0 ? name : $"{path}/{name}";
        if (!_metadata.TryAdd(key, document))
        {
            throw new ArgumentException($"the store already has {key}");
        }

        var folder = Path.Combine(_root, path);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), document.ToJsonString(JsonFormat.Options));
    }
}
