using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Reports;

/// <summary>A sandbox run as the CLI prints it with --json. Output that is not UTF-8 is shown
/// with U+FFFD in place of the bad bytes, so the JSON itself is always valid; the exact bytes of
/// such output are kept beside it in base64 (<see cref="StdoutBase64"/>, <see cref="StderrBase64"/>,
/// absent for UTF-8 output), so an API that promises bytes (Jobe's) can give them back.</summary>
public sealed record RunReport(
    RunStatus Status,
    int? ExitCode,
    int? Signal,
    LimitKind LimitExceeded,
    bool ProcessLimitReached,
    double CpuTimeMs,
    double WallTimeMs,
    long MemoryKiB,
    string Stdout,
    string Stderr,
    bool StdoutTruncated,
    bool StderrTruncated,
    string? Message)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StdoutBase64 { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StderrBase64 { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    public static RunReport From(SandboxResult result) => new(
        result.Status,
        result.ExitCode,
        result.Signal,
        result.LimitExceeded,
        result.ProcessLimitReached,
        Math.Round(result.CpuTime.TotalMilliseconds, 3),
        Math.Round(result.WallTime.TotalMilliseconds, 3),
        result.MemoryBytes / 1024,
        Encoding.UTF8.GetString(result.Stdout),
        Encoding.UTF8.GetString(result.Stderr),
        result.StdoutTruncated,
        result.StderrTruncated,
        result.Message)
    {
        StdoutBase64 = BytesUnlessText(result.Stdout),
        StderrBase64 = BytesUnlessText(result.Stderr),
    };

    private static string? BytesUnlessText(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return Convert.ToBase64String(bytes);
        }
    }

    /// <summary>One line for people: "OK  exit 0  cpu 1.2 ms  wall 3.4 ms  memory 256 KiB".</summary>
    public string Summary()
    {
        var end = Signal is { } signal ? $"signal {signal}" : $"exit {ExitCode}";
        var line = $"{Status}  {end}  cpu {CpuTimeMs:0.###} ms  wall {WallTimeMs:0.###} ms  memory {MemoryKiB} KiB";
        if (ProcessLimitReached)
        {
            line += "  (process limit reached)";
        }

        return Message is null ? line : $"{line}\n{Message}";
    }
}
