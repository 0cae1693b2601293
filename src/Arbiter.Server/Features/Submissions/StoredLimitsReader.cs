using System.Text.Json;
using System.Text.Json.Serialization;
using Arbiter.Sandbox;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// Reads and writes a stored request's limits as the one <see cref="SandboxLimits"/> value. It
/// also reads the shape stored before the upgrade (<c>cpuTimeMs</c>, <c>wallTimeMs</c>,
/// <c>memoryBytes</c>, <c>processes</c>, <c>outputBytes</c>; the other limits then were the
/// defaults), so jobs queued by an older version still run with the limits they were accepted
/// with. Anything else — a limit missing from the new shape, a wrong type — is refused rather than
/// read as zero.
/// </summary>
internal sealed class StoredLimitsReader : JsonConverter<SandboxLimits>
{
    public override SandboxLimits? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var limits = document.RootElement;
        if (limits.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("stored limits are a JSON object");
        }

        if (limits.TryGetProperty("cpuTimeMs", out var cpuMs))
        {
            return SandboxLimits.Default with
            {
                CpuTime = TimeSpan.FromMilliseconds(cpuMs.GetDouble()),
                WallTime = TimeSpan.FromMilliseconds(Required(limits, "wallTimeMs").GetDouble()),
                MemoryBytes = Required(limits, "memoryBytes").GetInt64(),
                Processes = Required(limits, "processes").GetInt32(),
                OutputBytes = Required(limits, "outputBytes").GetInt64(),
            };
        }

        return new SandboxLimits(
            CpuTime: Required(limits, "cpuTime").Deserialize<TimeSpan>(options),
            WallTime: Required(limits, "wallTime").Deserialize<TimeSpan>(options),
            MemoryBytes: Required(limits, "memoryBytes").GetInt64(),
            Processes: Required(limits, "processes").GetInt32(),
            OutputBytes: Required(limits, "outputBytes").GetInt64(),
            FileSizeBytes: Required(limits, "fileSizeBytes").GetInt64(),
            WorkDirBytes: Required(limits, "workDirBytes").GetInt64(),
            StackBytes: Required(limits, "stackBytes").GetInt64(),
            OpenFiles: Required(limits, "openFiles").GetInt32());
    }

    public override void Write(Utf8JsonWriter writer, SandboxLimits value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        // The record as it is: its own property names (camelCase by the service's options), one unit each.
        JsonSerializer.Serialize(writer, value, options);
    }

    private static JsonElement Required(JsonElement limits, string name) =>
        limits.TryGetProperty(name, out var value) ? value : throw new JsonException($"stored limits lack '{name}'");
}
