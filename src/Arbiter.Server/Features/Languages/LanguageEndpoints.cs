using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Features.Users;
using System.Text.Json;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;
using Arbiter.Server.Jobs;
using Arbiter.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Arbiter.Server.Features.Languages;

/// <summary>GET /api/v1/languages: the describe API. Every language with its version and
/// packages as the workers probed them, whether it is available, and its default limits.</summary>
internal static class LanguageEndpoints
{
    public static RouteGroupBuilder MapLanguages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/languages").WithTags("Languages").RequireAccess(AccessFilter.Level.Caller);
        group.MapGet("/", ListAsync);
        return group;
    }

    private static async Task<Ok<IReadOnlyList<LanguageView>>> ListAsync(LanguageDirectory directory, IWorkerRegistry store, TimeProvider time, CancellationToken cancellationToken)
    {
        var probed = await ProbedAsync(directory, store, time, cancellationToken);
        var views = directory.Catalog.Languages.Select(l =>
        {
            var status = probed.GetValueOrDefault(l.Id);
            var limits = ProgramRunner.ForLanguage(SandboxLimits.Default, l);
            return new LanguageView(l.Id, l.Name, l.Extensions, l.Compile is not null, status?.Available, status?.Version,
                status?.Packages ?? l.Packages.ToDictionary(p => p.Name, _ => (string?)null),
                new DefaultLimits(limits.CpuTime.TotalMilliseconds, limits.WallTime.TotalMilliseconds, limits.MemoryBytes >> 20, limits.Processes, limits.OutputBytes >> 10),
                l.Limits.TimeMultiplier);
        }).ToList();
        return TypedResults.Ok<IReadOnlyList<LanguageView>>(views);
    }

    /// <summary>Each language's probed status: this process's probes when it runs workers;
    /// otherwise what live workers reported. Empty until something has probed.</summary>
    internal static async Task<Dictionary<string, LanguageStatus>> ProbedAsync(
        LanguageDirectory directory,
        IWorkerRegistry store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var probed = directory.Statuses.ToDictionary(s => s.Id, StringComparer.Ordinal);
        if (probed.Count == 0)
        {
            foreach (var worker in await store.ListWorkersAsync(cancellationToken))
            {
                if (WorkerFleet.IsAlive(worker, time.GetUtcNow()))
                {
                    foreach (var status in Reported(worker.CapabilitiesJson))
                    {
                        probed.TryAdd(status.Id, status);
                    }
                }
            }
        }

        return probed;
    }

    private static IEnumerable<LanguageStatus> Reported(string capabilitiesJson)
    {
        using var document = JsonDocument.Parse(capabilitiesJson);
        if (!document.RootElement.TryGetProperty("languages", out var languages))
        {
            yield break;
        }

        foreach (var language in languages.EnumerateArray())
        {
            var packages = language.TryGetProperty("packages", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.ValueKind == JsonValueKind.String ? x.Value.GetString() : null)
                : [];
            yield return new LanguageStatus(language.GetProperty("id").GetString()!, "", language.GetProperty("available").GetBoolean(),
                language.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null, packages, false, null, 0, 0);
        }
    }
}

/// <summary>A language as the describe API shows it; <see cref="Available"/> is null until probed.</summary>
public sealed record LanguageView(
    string Id,
    string Name,
    IReadOnlyList<string> Extensions,
    bool Compiled,
    bool? Available,
    string? Version,
    IReadOnlyDictionary<string, string?> Packages,
    DefaultLimits DefaultLimits,
    double TimeMultiplier);

public sealed record DefaultLimits(double CpuTimeMs, double WallTimeMs, long MemoryMiB, int Processes, long OutputKiB);
