using System.CommandLine;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter autoscale</c>: the controller that sizes worker pools (<c>run</c>), and the
/// simulator that compares its policies on a trace (<c>simulate</c>).</summary>
internal static class AutoscaleCommand
{
    public static Command Create() =>
        new("autoscale", "Size worker pools from the queue's signals, or simulate a policy on a trace.")
        {
            AutoscaleRunCommand.Create(),
            AutoscaleSimulateCommand.Create(),
        };
}
