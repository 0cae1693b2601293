using System.CommandLine;
using Arbiter.Autoscaling.Actuators;
using Arbiter.Autoscaling.Control;
using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Signals;
using Arbiter.Storage;
using Microsoft.Extensions.Logging;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter autoscale run</c>: the controller. Every <c>--interval</c> it reads each pool's
/// signals from the store and sets the pool's replicas through the actuator (local worker
/// processes, podman containers or a Kubernetes Deployment) as the policy decides, within the bounds.
/// </summary>
internal static class AutoscaleRunCommand
{
    /// <summary>How long SIGTERM or Ctrl+C may take to end the controller: its actuator drains each
    /// worker it started for up to two minutes (DrainTimeout), then allows 15 s after SIGTERM.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(3);

    public static Command Create()
    {
        var actuator = new Option<string>("--actuator")
        {
            Description = "local (worker processes here), podman (worker containers) or kubernetes (a Deployment's scale) (default local).",
            DefaultValueFactory = _ => "local",
        };
        actuator.AcceptOnlyFromAmong("local", "podman", "kubernetes");
        var policy = new Option<string>("--policy") { Description = "reactive, linear, knn or predictive (default predictive).", DefaultValueFactory = _ => "predictive" };
        policy.AcceptOnlyFromAmong([.. PolicyFactory.Names]);
        var pools = new Option<string[]>("--pool")
        {
            Description = "A pool: NAME or NAME=lang1,lang2 (repeatable; default one pool 'default' taking every language).",
            AllowMultipleArgumentsPerToken = false,
        };
        var min = new Option<int>("--min") { Description = "Fewest replicas per pool (default 1).", DefaultValueFactory = _ => 1 };
        var max = new Option<int>("--max") { Description = "Most replicas per pool (default 10).", DefaultValueFactory = _ => 10 };
        var interval = new Option<double>("--interval") { Description = "Seconds between decisions (default 10).", DefaultValueFactory = _ => 10 };
        var slots = new Option<int>("--slots") { Description = "Jobs one worker runs at once (default 1).", DefaultValueFactory = _ => 1 };
        var hold = ScaleDownHoldOption.Create();
        var target = new Option<double>("--target-utilisation") { Description = "The reactive rule's target, 0-1 (default 0.75).", DefaultValueFactory = _ => 0.75 };
        var serviceMs = new Option<double>("--service-ms") { Description = "Service time assumed until one is measured, ms (default 500).", DefaultValueFactory = _ => 500 };
        var startup = new Option<double>("--startup-seconds") { Description = "Start-up time assumed until one is measured (default 10).", DefaultValueFactory = _ => 10 };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: until interrupted)." };
        var data = new Option<string?>("--data") { Description = "local: the data directory the workers share (default a new temporary one)." };
        var logs = new Option<string?>("--worker-logs") { Description = "local: a directory for each worker's output." };
        var image = new Option<string>("--image")
        {
            Description = "podman: the worker image (default localhost/arbiter-worker:latest).",
            DefaultValueFactory = _ => "localhost/arbiter-worker:latest",
        };
        var ns = new Option<string>("--namespace") { Description = "kubernetes: the namespace (default arbiter).", DefaultValueFactory = _ => "arbiter" };
        var deployment = new Option<string>("--deployment")
        {
            Description = "kubernetes: the Deployment of a pool, {pool} standing for its name (default arbiter-worker-{pool}).",
            DefaultValueFactory = _ => "arbiter-worker-{pool}",
        };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubernetes: a kubeconfig file (default: in-cluster when running in a pod, else ~/.kube/config)." };
        var metricsFile = new Option<string?>("--metrics-file") { Description = "Write the decisions as Prometheus text here after each one (for a textfile collector)." };
        var command = new Command("run", "Run the autoscaler: size each worker pool from the store's signals through an actuator.")
        {
            actuator, policy, pools, min, max, interval, slots, target, hold, serviceMs, startup, duration, data, logs, image, ns, deployment, kubeconfig, metricsFile,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<WorkerPool> chosen;
            PolicySettings settings;
            ScalingBounds bounds;
            try
            {
                chosen = parse.GetValue(pools) is { Length: > 0 } given ? [.. given.Select(WorkerPool.Parse)] : [new WorkerPool("default", [])];
                if (chosen.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != chosen.Count)
                {
                    throw new ArgumentException("each --pool needs its own name");
                }

                settings = new PolicySettings
                {
                    Interval = TimeSpan.FromSeconds(parse.GetValue(interval)),
                    TargetUtilisation = parse.GetValue(target),
                    ScaleDownHold = ScaleDownHoldOption.Read(parse, hold),
                    ServiceSeconds = parse.GetValue(serviceMs) / 1000,
                    StartupSeconds = parse.GetValue(startup),
                };
                settings.Validate();
                bounds = new ScalingBounds(parse.GetValue(min), parse.GetValue(max));
                bounds.Validate();
                if (parse.GetValue(slots) is < 1 or > 256)
                {
                    throw new ArgumentException("--slots must be from 1 to 256");
                }
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"arbiter autoscale run: {e.Message}");
                return ExitCodes.Usage;
            }

            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Information));
            var storeOptions = new StoreOptions
            {
                Provider = Environment.GetEnvironmentVariable("ARBITER__STORAGE__PROVIDER") ?? "sqlite",
                ConnectionString = Environment.GetEnvironmentVariable("ARBITER__STORAGE__CONNECTIONSTRING"),
            };
            var dataDirectory = parse.GetValue(data) is { } d ? Path.GetFullPath(d) : Directory.CreateTempSubdirectory("arbiter-autoscale-").FullName;
            await using var store = StoreFactory.Create(storeOptions, Environment.GetEnvironmentVariable("ARBITER__SERVER__DATADIRECTORY") ?? dataDirectory);
            try
            {
                await store.MigrateAsync(cancellationToken);
            }
            catch (StoreUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter autoscale run: {e.Message}");
                return ExitCodes.Unreachable;
            }

            await using var driver = await ActuatorsFor(parse.GetValue(actuator)!, store, dataDirectory, parse.GetValue(logs), parse.GetValue(slots), parse.GetValue(image)!,
                parse.GetValue(ns)!, parse.GetValue(deployment)!, parse.GetValue(kubeconfig), loggers);
            using var metrics = new AutoscalerMetrics();
            var signals = new StoreSignalSource(store);
            var loops = chosen.Select(pool => new PoolAutoscaler(pool, PolicyFactory.Create(parse.GetValue(policy)!, settings), bounds, parse.GetValue(slots), settings.Interval,
                signals, driver, metrics, TimeProvider.System, loggers.CreateLogger("Arbiter.Autoscaling"))).ToList();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(duration) is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            foreach (var loop in loops)
            {
                await loop.StartAsync(stop.Token);
            }

            var file = parse.GetValue(metricsFile);
            await Task.WhenAll(loops.Select(loop => loop.RunAsync(stop.Token)).Append(WriteMetricsAsync(metrics, file, settings.Interval, stop.Token)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<IActuator> ActuatorsFor(
        string kind,
        IArbiterStore store,
        string dataDirectory,
        string? logs,
        int slots,
        string image,
        string ns,
        string deployment,
        string? kubeconfig,
        ILoggerFactory loggers)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => ((string)e.Key).StartsWith("ARBITER__", StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
        if (logs is not null)
        {
            Directory.CreateDirectory(logs);
        }

        await Task.CompletedTask;
        return kind switch
        {
            "podman" => new PodmanActuator(
                new PodmanActuatorOptions { Image = image, Environment = environment, SlotsPerWorker = slots },
                store,
                TimeProvider.System,
                loggers.CreateLogger<PodmanActuator>()),
            "kubernetes" => KubernetesActuator.Create(kubeconfig, ns, deployment, loggers.CreateLogger<KubernetesActuator>()),
            _ => new LocalProcessActuator(new LocalActuatorOptions
            {
                Command = WorkerCommand.Current(typeof(AutoscaleRunCommand).Assembly.Location),
                Environment = environment,
                SlotsPerWorker = slots,
                DataDirectory = dataDirectory,
                LogDirectory = logs,
            }, store, TimeProvider.System, loggers.CreateLogger<LocalProcessActuator>()),
        };
    }

    private static async Task WriteMetricsAsync(AutoscalerMetrics metrics, string? path, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var temporary = path + ".tmp";
                await File.WriteAllTextAsync(temporary, metrics.PrometheusText(), CancellationToken.None);
                File.Move(temporary, path, overwrite: true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopped
        }
    }
}
