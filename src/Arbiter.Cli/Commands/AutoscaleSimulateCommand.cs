using System.CommandLine;
using Arbiter.Autoscaling.Policies;
using Arbiter.Autoscaling.Simulation;
using Arbiter.Autoscaling.Traces;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter autoscale simulate --trace FILE --policy P</c>: a discrete-event simulation
/// of one worker pool under a trace, scored with the paper's penalty, in seconds.</summary>
internal static class AutoscaleSimulateCommand
{
    public static Command Create()
    {
        var trace = new Option<string>("--trace")
        {
            Description = "A trace: a second,requests CSV, a World Cup 1998 log (plain or .gz), or constant:R, ramp:A-B, step[:A-B], spike[:A-B].",
            Required = true,
        };
        var policy = new Option<string>("--policy") { Description = "reactive, linear, knn or predictive (default predictive).", DefaultValueFactory = _ => "predictive" };
        policy.AcceptOnlyFromAmong([.. PolicyFactory.Names]);
        var scale = new Option<double>("--scale") { Description = "Multiply the trace's rate (default 1).", DefaultValueFactory = _ => 1 };
        var compress = new Option<int>("--compress")
        {
            Description = "Squeeze every N seconds of the trace into one (same requests, N times the rate; default 1).",
            DefaultValueFactory = _ => 1,
        };
        var duration = new Option<int?>("--duration") { Description = "Seconds of the trace to use (a profile's length; default all, or 300 for a profile)." };
        var serviceMs = new Option<double>("--service-ms") { Description = "Mean service time per request, ms (default 500).", DefaultValueFactory = _ => 500 };
        var serviceCv = new Option<double>("--service-cv") { Description = "Its coefficient of variation, log-normal (default 0.5; 0 = fixed).", DefaultValueFactory = _ => 0.5 };
        var slots = new Option<int>("--slots") { Description = "Jobs one replica runs at once (default 1).", DefaultValueFactory = _ => 1 };
        var startup = new Option<double>("--startup-seconds")
        {
            Description = "From asking for a replica to its first job (default 10, the paper's pod start).",
            DefaultValueFactory = _ => 10,
        };
        var concurrentStartups = new Option<int?>("--concurrent-startups")
        {
            Description = "Replicas that start at full speed at once; more share that capacity, each taking --startup-seconds × starting / this " +
                "(default: no limit). 1 models a small machine.",
        };
        var drainNotice = new Option<double>("--drain-notice-seconds")
        {
            Description = "From asking a replica to drain to its taking no more work (default 0).",
            DefaultValueFactory = _ => 0,
        };
        var warmupJobs = new Option<int>("--warmup-jobs")
        {
            Description = "A new replica's first N jobs take --warmup-factor times their service time, as its runtime warms up (default 0: none).",
            DefaultValueFactory = _ => 0,
        };
        var warmupFactor = new Option<double>("--warmup-factor")
        {
            Description = "How much longer a warming replica's job takes (default 1; this machine's workers: about 1.04 over their first 10 jobs).",
            DefaultValueFactory = _ => 1,
        };
        var min = new Option<int>("--min") { Description = "Fewest replicas (default 1).", DefaultValueFactory = _ => 1 };
        var max = new Option<int>("--max") { Description = "Most replicas (default 20).", DefaultValueFactory = _ => 20 };
        var initial = new Option<int?>("--initial") { Description = "Replicas ready at the start (default --min)." };
        var interval = new Option<double>("--interval") { Description = "Seconds between decisions (default 10).", DefaultValueFactory = _ => 10 };
        var hold = ScaleDownHoldOption.Create();
        var target = new Option<double>("--target-utilisation") { Description = "The reactive rule's target, 0-1 (default 0.75, the paper's).", DefaultValueFactory = _ => 0.75 };
        var decisions = new Option<bool>("--decisions") { Description = "Print every decision (time, signals, replicas, why) to stderr." };
        var seed = new Option<int>("--seed") { Description = "Random seed for service times and random arrivals (default 1).", DefaultValueFactory = _ => 1 };
        var arrivals = ArrivalsOption();
        var outputs = new RunOutputs();
        var command = new Command("simulate", "Simulate a policy on a trace (discrete events, seeded) and score it with the paper's penalty.")
        {
            trace, policy, scale, compress, duration, serviceMs, serviceCv, slots, startup, concurrentStartups, drainNotice, warmupJobs, warmupFactor,
            min, max, initial, interval, target, hold, seed, arrivals, decisions,
        };
        foreach (var option in outputs.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (penalty, batch, error) = outputs.Read(parse);
            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"arbiter autoscale simulate: {error}");
                return ExitCodes.Usage;
            }

            SimulationResult result;
            try
            {
                var factor = parse.GetValue(scale);
                var loaded = TraceLoader.Load(parse.GetValue(trace)!, parse.GetValue(duration)).Compress(Compression(parse.GetValue(compress))).Scale(factor);
                if (ArrivalSchedule.Count(loaded, 200_000_001) > 200_000_000)
                {
                    throw new ArgumentException("the trace holds more than 200,000,000 requests; simulate a part of it (--duration) or scale it down");
                }

                var settings = new PolicySettings
                {
                    Interval = TimeSpan.FromSeconds(parse.GetValue(interval)),
                    TargetUtilisation = parse.GetValue(target),
                    ScaleDownHold = ScaleDownHoldOption.Read(parse, hold),
                    ServiceSeconds = parse.GetValue(serviceMs) / 1000,
                    StartupSeconds = parse.GetValue(startup),
                    Penalty = penalty!,
                };
                var options = new SimulationOptions
                {
                    ServiceTimes = new LogNormalServiceTimes(parse.GetValue(serviceMs) / 1000, parse.GetValue(serviceCv)),
                    Policy = settings,
                    Bounds = new ScalingBounds(parse.GetValue(min), parse.GetValue(max)),
                    SlotsPerReplica = parse.GetValue(slots),
                    StartupSeconds = parse.GetValue(startup),
                    ConcurrentStartups = parse.GetValue(concurrentStartups),
                    DrainNoticeSeconds = parse.GetValue(drainNotice),
                    WarmupJobs = parse.GetValue(warmupJobs),
                    WarmupServiceFactor = parse.GetValue(warmupFactor),
                    InitialReplicas = parse.GetValue(initial),
                    ScoreIntervalSeconds = batch,
                    Penalty = penalty!,
                    Seed = parse.GetValue(seed),
                    Arrivals = Spacing(parse.GetValue(arrivals)),
                };
                options.Validate();
                result = new Simulator(loaded, PolicyFactory.Create(parse.GetValue(policy)!, settings), options).Run();
            }
            catch (Exception e) when (e is TraceFormatException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"arbiter autoscale simulate: {e.Message}");
                return ExitCodes.Usage;
            }

            if (parse.GetValue(decisions))
            {
                foreach (var d in result.Decisions)
                {
                    var s = d.Signals;
                    await Console.Error.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{d.AtSeconds,7:0.#} s  arrivals {s.Arrivals,5}  queue {s.QueueDepth,5}  busy {s.BusySlots,7:0.##}  ready {s.ReadyReplicas,4}  " +
                            $"starting {s.StartingReplicas,3}  → {d.Decision.Replicas,4}  {d.Decision.Reason}"));
                }
            }

            return await outputs.WriteAsync(parse, result.Report, "autoscale simulate", cancellationToken) ? ExitCodes.Ok : ExitCodes.Usage;
        });
        return command;
    }

    /// <summary><c>--arrivals even|random</c>, shared with <c>arbiter loadtest</c>.</summary>
    public static Option<string> ArrivalsOption()
    {
        var option = new Option<string>("--arrivals")
        {
            Description = "Place each second's requests evenly within it (even, the default) or at seeded random times (random: Poisson-like, as independent users arrive).",
            DefaultValueFactory = _ => "even",
        };
        option.AcceptOnlyFromAmong("even", "random");
        return option;
    }

    public static ArrivalSpacing Spacing(string? value) => value == "random" ? ArrivalSpacing.Random : ArrivalSpacing.Even;

    /// <summary>A valid <c>--compress</c> factor, or an <see cref="ArgumentException"/> saying why not.</summary>
    public static int Compression(int factor) =>
        factor is >= 1 and <= 3600 ? factor : throw new ArgumentException("--compress must be from 1 to 3600");
}
