using System.Text.Json;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Fleet;

/// <summary>
/// The live workers as the store last heard from them, read once per request, and which
/// languages they take jobs in: what tells a queued submission that no worker will start it.
/// </summary>
internal sealed class WorkerFleet
{
    /// <summary>A worker whose last heartbeat is older than this is taken for dead.</summary>
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(30);

    private readonly List<(bool Draining, IReadOnlySet<string>? Offers)> _live;

    private WorkerFleet(List<(bool Draining, IReadOnlySet<string>? Offers)> live) => _live = live;

    /// <summary>Workers with a recent heartbeat, draining or not.</summary>
    public int Alive => _live.Count;

    public static bool IsAlive(WorkerRecord worker, DateTimeOffset now) => now - worker.HeartbeatAt < AliveWithin;

    public static async Task<WorkerFleet> ReadAsync(IWorkerRegistry store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var workers = await store.ListWorkersAsync(cancellationToken);
        return new WorkerFleet([.. workers.Where(w => IsAlive(w, now)).Select(w => (w.Draining, Offers(w.CapabilitiesJson)))]);
    }

    /// <summary>Why a queued submission in <paramref name="language"/> is not going to start,
    /// or null when a live worker may take it. A worker that has not said what it offers
    /// (still probing, or older than this field) counts as taking every language.</summary>
    public string? WhyWaiting(string language)
    {
        var able = _live.Where(w => w.Offers is null || w.Offers.Contains(language)).ToList();
        return _live.Count == 0 ? "no live worker"
            : able.Count == 0 ? $"no live worker offers language '{language}'"
            : able.All(w => w.Draining) ? $"every live worker offering language '{language}' is draining"
            : null;
    }

    private static HashSet<string>? Offers(string capabilitiesJson)
    {
        using var document = JsonDocument.Parse(capabilitiesJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("offers", out var offers) && offers.ValueKind == JsonValueKind.Array
            ? [.. offers.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!)]
            : null;
    }
}
