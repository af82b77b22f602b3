using System.Text.RegularExpressions;
using BayesFreeEnergy.Tests.Experiments;

namespace BayesFreeEnergy.Tests;

/// <summary>
/// The library's namespaces (one per folder) depend on each other one way only. Read from the sources: a file depends on
/// every namespace it imports with <c>using</c>, names qualified (<c>Reporting.JsonFormat</c>), or whose types it uses
/// unqualified from an enclosing namespace. Comments, doc comments and strings do not count.
/// </summary>
public sealed partial class LayeringTests
{
    [Fact]
    public void NamespaceDependenciesHaveNoCycle()
    {
        var graph = DependencyGraph();
        Assert.Contains("BayesFreeEnergy.Sampling.Core", graph.Keys); // the reader sees sub-namespaces
        Assert.Contains("BayesFreeEnergy.Networks", graph["BayesFreeEnergy.Models"]); // and real edges
        Assert.Empty(graph.GetValueOrDefault("BayesFreeEnergy", []));
        foreach (var start in graph.Keys)
        {
            var cycle = FindCycle(graph, start, [start]);
            Assert.True(cycle is null, $"namespace cycle: {string.Join(" -> ", cycle ?? [])}");
        }
    }

    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph, string node, List<string> path)
    {
        foreach (var next in graph.GetValueOrDefault(node, []))
        {
            if (next == path[0])
            {
                return [.. path, next];
            }

            if (!path.Contains(next) && string.CompareOrdinal(next, path[0]) > 0 && FindCycle(graph, next, [.. path, next]) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private static Dictionary<string, HashSet<string>> DependencyGraph()
    {
        var root = Path.Combine(ExperimentFileTests.RepositoryRoot(), "src", "BayesFreeEnergy");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Code: Code(File.ReadAllText(f)), Namespace: NamespaceLine().Match(File.ReadAllText(f)).Groups[1].Value))
            .ToList();
        var namespaces = files.Select(f => f.Namespace).ToHashSet();
        var typesOf = files.GroupBy(f => f.Namespace)
            .ToDictionary(g => g.Key, g => g.SelectMany(f => TypeDeclaration().Matches(f.Code).Select(m => m.Groups[1].Value)).ToHashSet());
        var graph = namespaces.ToDictionary(n => n, _ => new HashSet<string>());
        foreach (var (code, ns) in files)
        {
            // The root namespace holds only InvalidInputException, which every namespace sees; it must depend on nothing
            // (asserted below), so edges into it cannot close a cycle.
            foreach (var other in namespaces.Where(o => o != ns && o != "BayesFreeEnergy"))
            {
                var relative = other["BayesFreeEnergy.".Length..];
                var enclosing = ns.StartsWith(other + ".", StringComparison.Ordinal) || other == "BayesFreeEnergy";
                var qualified = new Regex($@"(?<![\w.])(BayesFreeEnergy\.)?{Regex.Escape(relative)}\.[A-Z]");
                var imported = code.Contains($"using {other};", StringComparison.Ordinal);
                var body = UsingLine().Replace(code, " ");
                var usesType = (enclosing || imported) && typesOf[other].Any(t => Regex.IsMatch(body, $@"(?<![\w.]){t}\b"));
                var qualifiedFromParent = ns.Contains('.', StringComparison.Ordinal) && other.StartsWith(ns[..ns.LastIndexOf('.')] + ".", StringComparison.Ordinal)
                    && Regex.IsMatch(body, $@"(?<![\w.]){Regex.Escape(other[(ns.LastIndexOf('.') + 1)..])}\.[A-Z]");
                if (imported || usesType || qualified.IsMatch(body) || qualifiedFromParent)
                {
                    graph[ns].Add(other);
                }
            }
        }

        return graph;
    }

    // The code without comments, string literals and its namespace line (using lines stay: they are dependencies).
    private static string Code(string source) => NamespaceLine().Replace(CommentOrString().Replace(source, " "), " ");

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();

    [GeneratedRegex(@"^using [\w.]+;", RegexOptions.Multiline)]
    private static partial Regex UsingLine();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@?\$?""(?:[^""\\\n]|\\.)*""", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
