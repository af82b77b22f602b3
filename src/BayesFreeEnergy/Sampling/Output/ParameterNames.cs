using System.Text.RegularExpressions;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;

namespace BayesFreeEnergy.Sampling.Output;

/// <summary>
/// The names draws files give a network's parameters: per layer <c>W{k}.j.i</c> (output unit j, input unit i) and
/// <c>b{k}.j</c>, 1-based, each matrix listed column-major (W1.1.1, W1.2.1, ..., W1.1.2, ...) as CmdStan lists a matrix,
/// so that rstan, cmdstanpy and ArviZ reshape W{k} into an H_k x H_{k-1} matrix. In memory the library keeps the flat
/// layout of <see cref="Architecture"/> under the names w.1 .. w.d (<see cref="ChainResult.ParameterColumn"/>);
/// this class maps between the two.
/// </summary>
public static partial class ParameterNames
{
    /// <summary>Every parameter's file name with its flat index, in the order files list them.</summary>
    public static IReadOnlyList<(string Name, int Index)> Columns(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var columns = new List<(string, int)>(architecture.ParameterCount);
        for (var k = 1; k <= architecture.LayerCount; k++)
        {
            var layer = architecture.Layer(k);
            for (var i = 0; i < layer.Inputs; i++)
            {
                for (var j = 0; j < layer.Outputs; j++)
                {
                    columns.Add(($"W{k}.{j + 1}.{i + 1}", layer.WeightOffset + (j * layer.Inputs) + i));
                }
            }

            for (var j = 0; layer.HasBias && j < layer.Outputs; j++)
            {
                columns.Add(($"b{k}.{j + 1}", layer.BiasOffset + j));
            }
        }

        return columns;
    }

    /// <summary>
    /// A table read from a file with per-layer names, back in the flat layout: its W/b columns become w.1 .. w.d in flat
    /// order, where the first of them stood. A table without such columns is returned as it is.
    /// </summary>
    /// <param name="table">The table as read.</param>
    /// <param name="path">The file, for messages.</param>
    /// <exception cref="DataFileException">The per-layer columns do not form whole layers.</exception>
    public static DrawTable ToFlat(DrawTable table, string path)
    {
        ArgumentNullException.ThrowIfNull(table);
        var named = table.Columns.Select((name, c) => (Match: LayerColumn().Match(name), Column: c)).Where(p => p.Match.Success).ToList();
        if (named.Count == 0)
        {
            return table;
        }

        // Each layer's size from its largest indices; the layers must be 1..L, each whole.
        int Group(Match m, string group) => int.Parse(m.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);
        var layers = named.GroupBy(p => Group(p.Match, "k")).OrderBy(g => g.Key).ToList();
        var weightOffset = new int[layers.Count + 1];
        var biasOffset = new int[layers.Count + 1];
        var inputsOf = new int[layers.Count + 1];
        var running = 0;
        for (var l = 0; l < layers.Count; l++)
        {
            var weights = layers[l].Where(p => p.Match.Groups["kind"].Value == "W").ToList();
            var biases = layers[l].Count() - weights.Count;
            var outputs = layers[l].Max(p => Group(p.Match, "j"));
            var inputs = weights.Count == 0 ? 0 : weights.Max(p => Group(p.Match, "i"));
            if (layers[l].Key != l + 1 || weights.Count == 0 || weights.Count != outputs * inputs || (biases != 0 && biases != outputs))
            {
                throw new DataFileException(path, 0, $"its parameter columns do not form whole layers (layer {layers[l].Key}: {weights.Count} weights, {biases} biases); was the file edited?");
            }

            (weightOffset[l + 1], biasOffset[l + 1], inputsOf[l + 1]) = (running, running + weights.Count, inputs);
            running += weights.Count + biases;
        }

        // byFlat[f] = the table column of flat parameter f; distinct indices covering 0..d-1 because each layer is whole and unique.
        var byFlat = new int[named.Count];
        Array.Fill(byFlat, -1);
        foreach (var (m, column) in named)
        {
            var (k, j) = (Group(m, "k"), Group(m, "j") - 1);
            var flat = m.Groups["kind"].Value == "W" ? weightOffset[k] + (j * inputsOf[k]) + Group(m, "i") - 1 : biasOffset[k] + j;
            if (flat < 0 || flat >= named.Count || byFlat[flat] >= 0)
            {
                throw new DataFileException(path, 0, $"parameter column {table.Columns[column]} appears twice or out of range; was the file edited?");
            }

            byFlat[flat] = column;
        }

        // New column order: the other columns as they were, with the parameter block, in flat order, at the first one's place.
        var isNamed = named.Select(p => p.Column).ToHashSet();
        var order = new List<int>(table.Columns.Count);
        var columns = new List<string>(table.Columns.Count);
        for (var c = 0; c < table.Columns.Count; c++)
        {
            if (c == named[0].Column)
            {
                order.AddRange(byFlat);
                columns.AddRange(Enumerable.Range(0, named.Count).Select(ChainResult.ParameterColumn));
            }
            else if (!isNamed.Contains(c))
            {
                order.Add(c);
                columns.Add(table.Columns[c]);
            }
        }

        var values = new double[table.Values.Length];
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = table.Row(r);
            for (var c = 0; c < order.Count; c++)
            {
                values[(r * order.Count) + c] = row[order[c]];
            }
        }

        return new DrawTable(columns, values);
    }

    [GeneratedRegex(@"^(?<kind>W)(?<k>[1-9]\d*)\.(?<j>[1-9]\d*)\.(?<i>[1-9]\d*)$|^(?<kind>b)(?<k>[1-9]\d*)\.(?<j>[1-9]\d*)$")]
    private static partial Regex LayerColumn();
}
