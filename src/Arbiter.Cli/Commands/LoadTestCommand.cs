using System.CommandLine;
using System.Globalization;
using System.Text;
using Arbiter.Autoscaling.LoadTesting;
using Arbiter.Autoscaling.Traces;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter loadtest --trace T [--server URL] [--key K]</c>: replays a request-rate trace against
/// a running Arbiter, open-loop, and scores it with the paper's penalty (per-interval CSV, SVG
/// chart, summary). Bounded by the trace, <c>--duration</c> and <c>--max-requests</c>.
/// </summary>
internal static class LoadTestCommand
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create()
    {
        var client = new ClientOptions();
        var trace = new Option<string>("--trace")
        {
            Description = "A trace: a second,requests CSV, a World Cup 1998 log (plain or .gz), or constant:R, ramp:A-B, step[:A-B], spike[:A-B].",
            Required = true,
        };
        var scale = new Option<double>("--scale") { Description = "Multiply the trace's rate (default 1).", DefaultValueFactory = _ => 1 };
        var compress = new Option<int>("--compress")
        {
            Description = "Squeeze every N seconds of the trace into one (same requests, N times the rate; default 1).",
            DefaultValueFactory = _ => 1,
        };
        var duration = new Option<int?>("--duration") { Description = "Seconds of the trace to replay (a profile's length; default all, or 300 for a profile)." };
        var maxRequests = new Option<long?>("--max-requests") { Description = "Stop after sending this many." };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds a request may take before it counts as failed (default 30, the paper's).",
            DefaultValueFactory = _ => 30,
        };
        var source = new Option<FileInfo?>("--source") { Description = "Submit this file instead of print(\"hello there\")." };
        var language = new Option<string>("--language") { Description = "Its language (default python3).", DefaultValueFactory = _ => LoadTestOptions.DefaultLanguage };
        var quiet = new Option<bool>("--quiet") { Description = "No progress line." };
        var arrivals = AutoscaleSimulateCommand.ArrivalsOption();
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of random arrivals (default 1; a simulation with the same seed replays the same arrivals).",
            DefaultValueFactory = _ => 1,
        };
        var outputs = new RunOutputs();
        var command = new Command("loadtest", "Replay a request-rate trace against a running Arbiter (open-loop) and score it with the paper's penalty.")
        {
            trace, scale, compress, duration, maxRequests, timeout, source, language, arrivals, seed, quiet,
        };
        client.AddTo(command);
        foreach (var option in outputs.All)
        {
            command.Options.Add(option);
        }

        ClientOptions.SetAction(command, async (parse, cancellationToken) =>
        {
            var (penalty, batch, error) = outputs.Read(parse);
            var seconds = parse.GetValue(timeout);
            error ??= seconds is < 1 or > 3600 || !double.IsFinite(seconds) ? "--timeout must be from 1 to 3600 seconds" : null;
            error ??= parse.GetValue(maxRequests) is < 1 ? "--max-requests must be at least 1" : null;
            if (error is not null)
            {
                throw new ClientException(error, ExitCodes.Usage);
            }

            Trace loaded;
            var program = LoadTestOptions.DefaultSource;
            try
            {
                loaded = TraceLoader.Load(parse.GetValue(trace)!, parse.GetValue(duration))
                    .Compress(AutoscaleSimulateCommand.Compression(parse.GetValue(compress)))
                    .Scale(parse.GetValue(scale));
                if (parse.GetValue(source) is { } file)
                {
                    program = StrictUtf8.GetString(await File.ReadAllBytesAsync(file.FullName, cancellationToken));
                }
            }
            catch (Exception e) when (e is TraceFormatException or ArgumentException or IOException or UnauthorizedAccessException or DecoderFallbackException)
            {
                throw new ClientException(e is DecoderFallbackException ? "--source is not valid UTF-8" : e.Message, ExitCodes.Usage);
            }

            var connection = client.Resolve(parse);
            var options = new LoadTestOptions
            {
                Server = connection.Server,
                ApiKey = connection.Key,
                Language = parse.GetValue(language)!,
                Source = program,
                Timeout = TimeSpan.FromSeconds(seconds),
                MaxRequests = parse.GetValue(maxRequests) ?? long.MaxValue,
                BatchSeconds = batch,
                Penalty = penalty!,
                Arrivals = AutoscaleSimulateCommand.Spacing(parse.GetValue(arrivals)),
                Seed = parse.GetValue(seed),
            };
            using var http = LoadTestClient.Create(options);
            var runner = new LoadTestRunner(http, options, TimeProvider.System);
            var progress = parse.GetValue(quiet) ? null : new ProgressLine();
            var run = await runner.RunAsync(loaded, progress, cancellationToken);
            progress?.Finish();
            if (!runner.ReplicasReported)
            {
                await Console.Error.WriteLineAsync("arbiter loadtest: the server did not report its workers (GET /api/v1/workers needs staff); replicas are scored as 0");
            }

            return await outputs.WriteAsync(parse, run, "loadtest", cancellationToken) ? ExitCodes.Ok : ExitCodes.Usage;
        });
        return command;
    }

    /// <summary>One line on stderr, rewritten in place while the test runs.</summary>
    private sealed class ProgressLine : IProgress<LoadTestProgress>
    {
        private readonly bool _interactive = !Console.IsErrorRedirected;

        public void Report(LoadTestProgress value)
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{value.ElapsedSeconds,6:0} s  sent {value.Sent}  ok {value.Succeeded}  failed {value.Failed}  in flight {value.InFlight}  p50 {Ms(value.P50Ms)}  " +
                    $"p95 {Ms(value.P95Ms)}  replicas {(value.Replicas?.ToString(CultureInfo.InvariantCulture) ?? "?")}");
            if (_interactive)
            {
                Console.Error.Write($"\r{line}\u001b[K");
            }
            else if ((int)value.ElapsedSeconds % 10 == 0)
            {
                Console.Error.WriteLine(line);
            }
        }

        public void Finish()
        {
            if (_interactive)
            {
                Console.Error.WriteLine();
            }
        }

        private static string Ms(double? value) => value is { } ms ? string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms") : "-";
    }
}
