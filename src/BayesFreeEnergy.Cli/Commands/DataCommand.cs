using System.CommandLine;
using BayesFreeEnergy.Data;
using BayesFreeEnergy.Networks;
using Spectre.Console;

namespace BayesFreeEnergy.Cli.Commands;

/// <summary><c>bfe data</c>: synthetic regression data from a teacher network.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var teacher = new Option<string>("--teacher") { Description = "Teacher: an architecture such as 1-3-1 (random from --seed) or a teacher JSON file", Required = true };
        var count = new Option<int>("--n") { Description = "Number of data points", Required = true };
        var noise = new Option<double?>("--noise") { Description = "Noise standard deviation s (default: the teacher file's, else 0.1)" };
        var seed = new Option<long>("--seed") { Description = "Seed for the random teacher and the data", DefaultValueFactory = _ => 1 };
        var kinks = new Option<bool>("--kinks-inside") { Description = "Random teacher: put every hidden unit's kink inside [-1, 1]^M", DefaultValueFactory = _ => true };
        var activation = new Option<Activation>("--activation") { Description = "Random teacher's activation", DefaultValueFactory = _ => Activation.Relu };
        var rank = new Option<int?>("--rank")
        {
            Description = "Random deep linear teacher (no biases, identity activation) whose product matrix has this rank, with orthogonal blocks (its exact lambda: bfe bound --linear --rank)",
        };
        var output = new Option<string>("--out") { Description = "Data CSV to write; the teacher is written beside it as <name>.teacher.json", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var command = new Command("data", "Generate x ~ Uniform[-1,1]^M, y = teacher(x) + N(0, s^2) and write CSV plus the teacher's JSON")
        {
            teacher, count, noise, seed, kinks, activation, rank, output, json,
        };
        command.SetAction(parse => CommandGuard.Run(parse.InvocationConfiguration.Error, () =>
        {
            var n = parse.GetValue(count);
            if (n < 1)
            {
                throw new UsageException($"--n must be at least 1, got {n}");
            }

            var teacherValue = parse.GetValue(teacher)!;
            var (architecture, weights, fileNoise) = TeacherOption.Resolve(teacherValue, parse.GetValue(activation));
            if (parse.GetValue(rank) is { } r)
            {
                if (weights is not null || r < 0 || r > architecture.Widths.Min())
                {
                    throw new UsageException($"--rank needs a teacher architecture (not a file) and a rank in 0..{architecture.Widths.Min()}, the narrowest width; got {r}");
                }

                weights = TeacherFactory.CreateLowRankLinear(architecture.Widths, r, parse.GetValue(seed), orthogonal: true);
                architecture = weights.Architecture;
            }

            var s = parse.GetValue(noise) ?? fileNoise ?? 0.1;
            if (!(s >= 0) || !double.IsFinite(s))
            {
                throw new UsageException($"--noise must be non-negative and finite, got {s}");
            }

            var network = weights ?? TeacherFactory.CreateRandom(architecture, parse.GetValue(seed),
                parse.GetValue(kinks) && architecture.Activation == Activation.Relu && architecture.HasBiases);
            var data = TeacherFactory.GenerateData(network, n, s, parse.GetValue(seed));
            var dataPath = parse.GetValue(output)!;
            var teacherPath = TeacherPathFor(dataPath);
            CsvDataFile.Write(dataPath, data);
            TeacherFile.Write(teacherPath, network, s);

            // How far the least visible hidden unit moves the output (small teachers only: it costs a pass per unit).
            double? weakest = architecture.HiddenUnitCount is > 0 and <= TeacherFactory.MaximumRedrawnUnits ? TeacherFactory.UnitEffects(network).Min() : null;
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(stdout, new { data = dataPath, teacher = teacherPath, architecture = architecture.ToString(), n, noise = s, seed = parse.GetValue(seed), weakest_unit_effect = weakest });
            }
            else
            {
                var terminal = Terminal.For(stdout);
                terminal.MarkupLineInterpolated($"Wrote {n} points from teacher {architecture} (noise {s}) to [bold]{dataPath}[/] and the teacher to [bold]{teacherPath}[/]");
                if (weakest is { } e)
                {
                    var cost = s > 0 ? $" (n e^2 / (2 s^2) = {n * e * e / (2 * s * s):G3} nats of n L_n at this n and noise)" : "";
                    terminal.MarkupLineInterpolated($"Weakest hidden unit: removing it moves the output by {e:G3} RMS{cost}");
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>data.csv -> data.teacher.json, in the same folder.</summary>
    public static string TeacherPathFor(string dataPath) => Path.ChangeExtension(dataPath, null) + ".teacher.json";
}
