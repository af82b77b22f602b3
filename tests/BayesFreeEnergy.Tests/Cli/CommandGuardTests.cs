using BayesFreeEnergy.Cli;

namespace BayesFreeEnergy.Tests.Cli;

public sealed class CommandGuardTests
{
    [Fact]
    public void AUserMistakeInsideParallelChainsIsStillAUserMistake()
    {
        var error = new StringWriter();
        var code = CommandGuard.Run(error, () => throw new AggregateException(new ArgumentException("chains must be at least 1")));
        Assert.Equal(CommandGuard.UserError, code);
        Assert.Equal("bfe: error: chains must be at least 1", error.ToString().Trim());
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
