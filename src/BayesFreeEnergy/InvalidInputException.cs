namespace BayesFreeEnergy;

/// <summary>
/// Input that cannot work, found by the library's validation before any work starts: an architecture that does not
/// parse, settings outside their range, results that cannot be compared. It is the caller's mistake, not a bug, and the
/// message says what to change; the bfe command line prints it and exits with code 2. Every other
/// <see cref="ArgumentException"/> the library throws is a broken contract between its own parts, which bfe reports as a bug.
/// </summary>
/// <param name="message">What is wrong, in words the user can act on.</param>
/// <param name="parameter">The argument or setting at fault, if one.</param>
/// <param name="inner">The underlying error, if any.</param>
public sealed class InvalidInputException(string message, string? parameter = null, Exception? inner = null) : ArgumentException(message, parameter, inner);
