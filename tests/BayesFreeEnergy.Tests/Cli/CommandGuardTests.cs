using BayesFreeEnergy.Cli;

namespace BayesFreeEnergy.Tests.Cli;

public sealed class CommandGuardTests
{
    [Fact]
    public void AUserMistakeInsideParallelChainsIsStillAUserMistake()
    {
        var error = new StringWriter();
        var code = CommandGuard.Run(error, () => throw new AggregateException(new InvalidInputException("chains must be at least 1", "Chains")));
        Assert.Equal(CommandGuard.UserError, code);
        Assert.Equal("bfe: error: chains must be at least 1", error.ToString().Trim());
    }

    [Fact]
    public void APlainArgumentExceptionIsABugNotAUserMistake()
    {
        // Only the library's InvalidInputException speaks for the user; any other ArgumentException is a broken contract.
        var error = new StringWriter();
        var code = CommandGuard.Run(error, () => throw new ArgumentException("expected 3 x 3 values, got 8"));
        Assert.Equal(CommandGuard.InternalError, code);
        Assert.Contains("This is a bug in bfe", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AnythingElseIsReportedAsABugWithItsTrace()
    {
        var error = new StringWriter();
        var code = CommandGuard.Run(error, () => throw new InvalidOperationException("the ladder lost a rung"));
        Assert.Equal(CommandGuard.InternalError, code);
        Assert.StartsWith("bfe: internal error: InvalidOperationException: the ladder lost a rung", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("This is a bug in bfe", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", error.ToString(), StringComparison.Ordinal);
    }
}
