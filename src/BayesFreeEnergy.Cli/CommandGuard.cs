using BayesFreeEnergy.Data;

namespace BayesFreeEnergy.Cli;

/// <summary>
/// The one boundary where user mistakes become messages: a bad file, option or architecture prints
/// <c>bfe: error: ...</c> and exit code 2, never a stack trace.
/// </summary>
internal static class CommandGuard
{
    public const int UserError = 2;

    public const int Interrupted = 130;

    public static int Run(TextWriter error, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            // Results are written only after all sampling, so an interrupted run leaves nothing half-done.
            error.WriteLine("bfe: interrupted before the run finished; no result files were written");
            return Interrupted;
        }
        catch (Exception e) when (e is UsageException or DataFileException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"bfe: error: {Clean(e.Message)}");
            return UserError;
        }
    }

    // ArgumentException appends " (Parameter 'x')", which means nothing to a command-line user.
    private static string Clean(string message)
    {
        var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }
}

/// <summary>A combination of options that cannot work, found before any work starts.</summary>
internal sealed class UsageException(string message) : Exception(message);
