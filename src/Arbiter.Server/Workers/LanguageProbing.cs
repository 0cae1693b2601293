using Arbiter.Engine.Languages;

namespace Arbiter.Server.Workers;

/// <summary>
/// Probes every language at start (versions, packages, self-tests), in the sandbox, then probes
/// the unavailable ones again every minute: a self-test can fail for a passing reason (a loaded
/// machine, a toolchain installed after start), and a worker takes jobs only in languages that
/// passed, so one bad probe must not shut a language out for the process's lifetime. The default
/// languages are probed and offered first: with every optional toolchain installed, their
/// self-tests (Kotlin's, Scala's, Crystal's compilers take tens of seconds) would otherwise keep
/// the worker from taking any job for minutes.
/// </summary>
internal sealed partial class LanguageProbing(LanguageDirectory directory, LanguageProbe probe, OfferedLanguages offered, TimeProvider time, ILogger<LanguageProbing> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var languages = directory.Catalog.Languages;
        var first = await Task.WhenAll(languages.Where(l => !l.Optional).Select(l => probe.ProbeAsync(l, stoppingToken))).ConfigureAwait(false);
        var statuses = languages.Select(l => first.FirstOrDefault(s => s.Id == l.Id) ?? NotYetProbed(l)).ToArray();
        if (languages.Any(l => l.Optional))
        {
            directory.Update(statuses);
            var rest = await Task.WhenAll(languages.Where(l => l.Optional).Select(l => probe.ProbeAsync(l, stoppingToken))).ConfigureAwait(false);
            statuses = languages.Select(l => first.FirstOrDefault(s => s.Id == l.Id) ?? rest.First(s => s.Id == l.Id)).ToArray();
        }

        directory.Update(statuses);
        foreach (var status in statuses.Where(s => !s.Available))
        {
            LogUnavailable(logger, status.Id, status.Problem);
        }

        LogOffered();
        using var timer = new PeriodicTimer(RetryInterval, time);
        while (statuses.Any(s => !s.Available) && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var retried = await Task.WhenAll(statuses.Select(s => s.Available ? Task.FromResult(s) : probe.ProbeAsync(directory.Catalog.Find(s.Id)!, stoppingToken))).ConfigureAwait(false);
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

    private static LanguageStatus NotYetProbed(LanguageSpec language) =>
        new(language.Id, language.Name, false, null, new Dictionary<string, string?>(), false, "not probed yet", 0, 0);

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
