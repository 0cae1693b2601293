using Arbiter.Autoscaling.Actuators;

namespace Arbiter.Autoscaling.Tests.Actuators;

public sealed class WorkerRuntimeTests
{
    [Fact]
    public void Defaults_TurnDynamicPgoOff_UnlessTheActuatorsEnvironmentSaysOtherwise()
    {
        Assert.Null(Environment.GetEnvironmentVariable("DOTNET_TieredPGO")); // the test runs with the runtime's defaults

        Assert.Equal([new KeyValuePair<string, string>("DOTNET_TieredPGO", "0")], WorkerRuntime.Defaults(new Dictionary<string, string>()));
        Assert.Empty(WorkerRuntime.Defaults(new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" }));
    }
}
