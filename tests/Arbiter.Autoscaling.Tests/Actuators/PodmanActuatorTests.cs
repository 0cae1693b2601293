using Arbiter.Autoscaling.Actuators;
using Arbiter.Autoscaling.Control;

namespace Arbiter.Autoscaling.Tests.Actuators;

/// <summary>What can be checked of the podman actuator without the worker images (another issue
/// builds them): the containers it would run and how it reads podman's listing.</summary>
public sealed class PodmanActuatorTests
{
    [Fact]
    public void RunArguments_NameLabelHostEnvironmentAndWorkerCommand()
    {
        var options = new PodmanActuatorOptions
        {
            Image = "localhost/arbiter-worker:1",
            SlotsPerWorker = 2,
            Environment = new Dictionary<string, string> { ["ARBITER__STORAGE__PROVIDER"] = "postgres" },
        };

        var arguments = PodmanActuator.RunArguments(new WorkerPool("py", ["python3", "c"]), "arbiter-py-3", options);

        Assert.Equal(["run", "--detach", "--name", "arbiter-py-3", "--hostname", "arbiter-py-3", "--label", "arbiter.pool=py"], arguments.Take(8));
        Assert.Equal(["--runtime", "runc"], arguments.Skip(8).Take(2));
        Assert.Contains("ARBITER__STORAGE__PROVIDER=postgres", arguments);
        Assert.Contains("ARBITER__SERVER__WORKERLANGUAGES=python3,c", arguments);
        Assert.Contains("ARBITER__SANDBOX__MAXPARALLEL=2", arguments);
        Assert.Equal(["localhost/arbiter-worker:1", "serve", "--role", "worker", "--urls", "http://127.0.0.1:0"], arguments.TakeLast(6));
    }

    [Fact]
    public void ParseContainers_ReadsNamesAndStates()
    {
        const string listing = """
            [{"Id":"a1","Names":["arbiter-py-1"],"State":"running","Labels":{"arbiter.pool":"py"}},
             {"Id":"b2","Names":["arbiter-py-2"],"State":"exited"}]
            """;

        Assert.Equal([new ContainerState("arbiter-py-1", true), new ContainerState("arbiter-py-2", false)], PodmanActuator.ParseContainers(listing));
        Assert.Empty(PodmanActuator.ParseContainers(""));
    }
}
