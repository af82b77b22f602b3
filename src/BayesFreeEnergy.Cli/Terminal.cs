using System.Globalization;
using Spectre.Console;

namespace BayesFreeEnergy.Cli;

/// <summary>Spectre.Console output bound to the invocation's writer, so tests and pipes see the same text.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var isConsole = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = isConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isConsole)
        {
            // Files and pipes have no width; wrap tables at a width a log viewer shows whole.
            console.Profile.Width = 120;
        }

        return console;
    }

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Prints why an estimate is unreliable, one red line per reason ("NAME unreliable: reason").</summary>
    public static void WriteReasons(IAnsiConsole console, string? name, IEnumerable<string> reasons)
    {
        var label = name is null ? "unreliable:" : $"{Markup.Escape(name)} unreliable:";
        foreach (var reason in reasons)
        {
            console.MarkupLine($"[red]{label}[/] {Markup.Escape(reason)}");
        }
    }
}
