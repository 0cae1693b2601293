using Arbiter.Engine.Languages;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>
/// Probes every language at start (versions, packages, self-tests), in the sandbox, then probes
/// the unavailable ones again every minute: a self-test can fail for a passing reason (a loaded
/// machine, a toolchain installed after start), and a worker takes jobs only in languages that
/// passed, so one bad probe must not shut a language out for the process's lifetime.
/// A worker is ready fast: passing results come from the <see cref="ProbeCache"/> while the
/// toolchains are unchanged; a worker limited to some languages (Server:WorkerLanguages) probes only
/// those, and one that is not probes and offers the default (non-optional) languages first: with
/// every optional toolchain installed, their self-tests (Kotlin's, Scala's, Crystal's compilers take
/// tens of seconds) would otherwise keep the worker from taking any job for minutes.
/// </summary>
internal sealed partial class LanguageProbing(
    LanguageDirectory directory,
    LanguageProbe probe,
    ProbeCache cache,
    OfferedLanguages offered,
    IOptions<ServerOptions> options,
    TimeProvider time,
    ILogger<LanguageProbing> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var languages = directory.Catalog.Languages;
        var wanted = options.Value.WorkerLanguageIds;
        if (wanted.Count > 0)
        {
            // A worker limited to some languages never takes the others, and their probes would hold
            // its sandboxes (one per job slot) while its first jobs wait: with every optional
            // toolchain installed, minutes on a loaded machine. It probes only its own.
            languages = [.. languages.Where(l => wanted.Contains(l.Id, StringComparer.Ordinal))];
        }

        bool Retry(LanguageStatus s) => !s.Available && languages.Any(l => l.Id == s.Id);
        var first = await Task.WhenAll(languages.Where(l => wanted.Count > 0 || !l.Optional).Select(l => ProbeCachedAsync(l, stoppingToken))).ConfigureAwait(false);
        var statuses = directory.Catalog.Languages.Select(l => first.FirstOrDefault(s => s.Id == l.Id) ?? NotProbed(l, wanted.Count > 0)).ToArray();
        if (first.Length < languages.Count)
        {
            // Offer the default languages now; the optional ones can wait.
            directory.Update(statuses);
            var rest = await Task.WhenAll(languages.Where(l => first.All(s => s.Id != l.Id)).Select(l => ProbeCachedAsync(l, stoppingToken))).ConfigureAwait(false);
            statuses = [.. statuses.Select(s => rest.FirstOrDefault(r => r.Id == s.Id) ?? s)];
        }

        directory.Update(statuses);
        foreach (var status in statuses.Where(Retry))
        {
            LogUnavailable(logger, status.Id, status.Problem);
        }

        LogOffered();
        using var timer = new PeriodicTimer(RetryInterval, time);
        while (statuses.Any(Retry) && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var retried = await Task.WhenAll(statuses.Select(s => Retry(s) ? probe.ProbeAsync(directory.Catalog.Find(s.Id)!, stoppingToken) : Task.FromResult(s)))
                .ConfigureAwait(false);
            var recovered = retried.Where((s, i) => s.Available && !statuses[i].Available).ToList();
            statuses = retried;
            if (recovered.Count > 0)
            {
                directory.Update(statuses);
                foreach (var status in recovered)
                {
                    LogRecovered(logger, status.Id, status.Version);
                }

                LogOffered();
            }
        }
    }

    private async Task<LanguageStatus> ProbeCachedAsync(LanguageSpec language, CancellationToken cancellationToken)
    {
        if (cache.TryGet(language) is { } known)
        {
            return known;
        }

        var status = await probe.ProbeAsync(language, cancellationToken).ConfigureAwait(false);
        cache.Save(language, status);
        return status;
    }

    private static LanguageStatus NotProbed(LanguageSpec language, bool limited) =>
        new(language.Id, language.Name, false, null, new Dictionary<string, string?>(), false,
            limited ? "not probed: this worker takes only the languages in Server:WorkerLanguages" : "not probed yet", 0, 0);

    /// <summary>A worker dedicated to languages its machine cannot run would otherwise idle quietly.</summary>
    private void LogOffered()
    {
        var offers = offered.Current ?? [];
        if (offers.Count == 0)
        {
            LogOffersNothing(logger);
        }
        else
        {
            LogOffers(logger, offers);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language {LanguageId} is unavailable: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string languageId, string? problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Language {LanguageId} is available now ({Version})")]
    private static partial void LogRecovered(ILogger logger, string languageId, string? version);

    [LoggerMessage(Level = LogLevel.Information, Message = "This worker takes jobs in {Languages}")]
    private static partial void LogOffers(ILogger logger, IReadOnlyList<string> languages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This worker offers no language (none available within Server:WorkerLanguages); it takes no jobs")]
    private static partial void LogOffersNothing(ILogger logger);
}
