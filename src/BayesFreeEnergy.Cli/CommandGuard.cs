using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Cli;

/// <summary>
/// The one boundary where failures become messages: a bad file, option or architecture (a <see cref="DataFileException"/>,
/// the library's <see cref="InvalidInputException"/> or the command line's <see cref="UsageException"/>, or a file the
/// system refuses) prints <c>bfe: error: ...</c> and exit code 2, never a stack trace; an exception from parallel chains
/// is judged by what it wraps; anything else, a plain ArgumentException included, is a bug in bfe and says so (exit 70,
/// with the trace to report).
/// </summary>
internal static class CommandGuard
{
    public const int UserError = 2;

    public const int Interrupted = 130;

    public const int InternalError = 70;

    public static int Run(TextWriter error, Func<int> body)
    {
        try
        {
            try
            {
                return body();
            }
            catch (AggregateException e) when (e.Flatten().InnerExceptions.Count == 1)
            {
                // Parallel chains wrap what went wrong in one of them; rethrow it to be judged below.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
                throw;
            }
        }
        catch (OperationCanceledException)
        {
            // A run's results are written only after its sampling, so an interrupted run leaves nothing half-done; a sweep
            // or scale experiment keeps the runs it finished.
            error.WriteLine("bfe: interrupted before the run finished; it left no half-written file (a sweep or scale experiment keeps its finished runs: rerun to resume)");
            return Interrupted;
        }
        catch (Exception e) when (e is UsageException or DataFileException or InvalidInputException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"bfe: error: {Clean(e.Message)}");
            return UserError;
        }
        catch (Exception e)
        {
            error.WriteLine($"bfe: internal error: {e.GetType().Name}: {e.Message}");
            error.WriteLine("This is a bug in bfe, not a mistake in the input; please report it with the command line and this trace:");
            error.WriteLine(e.ToString());
            return InternalError;
        }
    }

    /// <summary>
    /// Runs a library check, and turns its <see cref="InvalidInputException"/> about a named argument into a message that
    /// names the command-line option the user wrote (<paramref name="options"/>: argument or setting name to option).
    /// </summary>
    public static void Named(Action check, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            check();
        }
        catch (InvalidInputException e) when (e.ParamName is { } name && options.GetValueOrDefault(name) is { } option)
        {
            throw new UsageException($"{option}: {Clean(e.Message)}");
        }
    }

    // ArgumentException appends " (Parameter 'x')", which means nothing to a command-line user.
    public static string Clean(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }
}

/// <summary>A combination of options that cannot work, found before any work starts.</summary>
internal sealed class UsageException(string message) : Exception(message);
