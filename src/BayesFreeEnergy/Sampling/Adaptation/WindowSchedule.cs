namespace BayesFreeEnergy.Sampling.Adaptation;

/// <summary>
/// Stan's warm-up windows: an initial fast interval (step size only), slow windows that double in length
/// (step size and metric; the metric is re-estimated at the end of each), and a terminal fast interval.
/// The last slow window is stretched to the terminal interval when another doubling would not fit.
/// </summary>
public sealed class WindowSchedule
{
    /// <summary>Builds the schedule for <paramref name="warmup"/> iterations.</summary>
    /// <param name="warmup">Number of warm-up iterations.</param>
    /// <param name="initialBuffer">Stan's init_buffer (75).</param>
    /// <param name="baseWindow">Stan's window (25): length of the first slow window.</param>
    /// <param name="terminalBuffer">Stan's term_buffer (50).</param>
    public WindowSchedule(int warmup, int initialBuffer = 75, int baseWindow = 25, int terminalBuffer = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        Warmup = warmup;
        if (warmup < 20)
        {
            // Too short to estimate a metric: step size only, as Stan does.
            InitialBuffer = warmup;
            TerminalBuffer = 0;
            WindowEnds = [];
            return;
        }

        if (initialBuffer + baseWindow + terminalBuffer > warmup)
        {
            initialBuffer = (int)(0.15 * warmup);
            terminalBuffer = (int)(0.1 * warmup);
            baseWindow = warmup - (initialBuffer + terminalBuffer);
        }

        InitialBuffer = initialBuffer;
        TerminalBuffer = terminalBuffer;
        var ends = new List<int>();
        var lastEnd = warmup - terminalBuffer - 1;
        var size = baseWindow;
        var end = initialBuffer + size - 1;
        while (true)
        {
            ends.Add(end);
            if (end >= lastEnd)
            {
                break;
            }

            var start = end + 1;
            size *= 2;
            end = start + size - 1;
            if (end + (2 * size) >= warmup - terminalBuffer)
            {
                end = lastEnd;
            }
        }

        WindowEnds = ends;
    }

    /// <summary>Number of warm-up iterations.</summary>
    public int Warmup { get; }

    /// <summary>Length of the initial fast interval.</summary>
    public int InitialBuffer { get; }

    /// <summary>Length of the terminal fast interval.</summary>
    public int TerminalBuffer { get; }

    /// <summary>The 0-based iterations at which a slow window ends and the metric is updated.</summary>
    public IReadOnlyList<int> WindowEnds { get; }

    /// <summary>Whether iteration <paramref name="iteration"/> (0-based) lies in a slow window, so its draw feeds the metric estimate.</summary>
    public bool InSlowWindow(int iteration) =>
        WindowEnds.Count > 0 && iteration >= InitialBuffer && iteration < Warmup - TerminalBuffer;

    /// <summary>Whether a slow window ends at iteration <paramref name="iteration"/>.</summary>
    public bool EndsWindow(int iteration) => WindowEnds.Contains(iteration);
}
