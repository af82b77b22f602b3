using System.CommandLine;
using System.Runtime.InteropServices;
using BayesFreeEnergy.Cli.Commands;

namespace BayesFreeEnergy.Cli;

/// <summary>The <c>bfe</c> command line: builds the command tree and runs one invocation.</summary>
public static class BfeApp
{
    /// <summary>Runs <c>bfe</c> with <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Bayesian free energy, generalization error and learning coefficients of deep ReLU networks.")
        {
            BoundCommand.Create(),
            DataCommand.Create(),
            SampleCommand.Create(),
            FreeEnergyCommand.Create(),
            LambdaCommand.Create(),
            LlcCommand.Create(),
            ValidateCommand.Create(),
            PredictCommand.Create(),
            CompareCommand.Create(),
            SweepCommand.Create(),
            MergeCommand.Create(),
            ReportCommand.Create(),
            ReproduceCommand.Create(),
            ViCommand.Create(),
            ViCompareCommand.Create(),
        };
        if (args.Length == 0)
        {
            error.WriteLine("bfe: error: no command given");
            error.WriteLine("run 'bfe --help' for the commands (start with 'bfe reproduce')");
            return CommandGuard.UserError;
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Short, uniform messages and the usage-error exit code, instead of the whole help text.
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"bfe: error: {Plain(problem.Message.ReplaceLineEndings(" "))}");
            }

            var command = parse.CommandResult.Command is RootCommand ? "bfe" : $"bfe {parse.CommandResult.Command.Name}";
            error.WriteLine($"run '{command} --help' for the options");
            return CommandGuard.UserError;
        }

        // Our own handling of Ctrl+C and SIGTERM, because System.CommandLine's only starts once an asynchronous action
        // has returned its task, and ours work synchronously: the first signal cancels the running command, which
        // then stops cleanly (exit 130, finished results kept); a second one terminates at once.
        using var interrupt = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            if (!interrupt.IsCancellationRequested)
            {
                context.Cancel = true;
                interrupt.Cancel();
            }
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return parse.InvokeAsync(configuration, interrupt.Token).GetAwaiter().GetResult();
    }

    // System.CommandLine names the .NET type a value failed to parse as; say what the user should type instead.
    private static string Plain(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"as expected type '([\w.]+)'", match => match.Groups[1].Value switch
        {
            "System.Int32" or "System.Int64" => "as a whole number",
            "System.Double" => "as a number",
            "System.Boolean" => "as true or false",
            _ => "as one of the values --help lists",
        });
}
