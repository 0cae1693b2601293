using Arbiter.Engine.Languages;

namespace Arbiter.Server.Workers;

/// <summary>Probes every language once at start (versions, packages, self-tests), in the sandbox.</summary>
internal sealed partial class LanguageProbing(LanguageDirectory directory, LanguageProbe probe, OfferedLanguages offered, ILogger<LanguageProbing> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var statuses = await Task.WhenAll(directory.Catalog.Languages.Select(l => probe.ProbeAsync(l, stoppingToken))).ConfigureAwait(false);
        directory.Update(statuses);
        foreach (var status in statuses.Where(s => !s.Available))
        {
            LogUnavailable(logger, status.Id, status.Problem);
        }

        // A worker dedicated to languages its machine cannot run would otherwise idle quietly.
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

    [LoggerMessage(Level = LogLevel.Information, Message = "This worker takes jobs in {Languages}")]
    private static partial void LogOffers(ILogger logger, IReadOnlyList<string> languages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This worker offers no language (none available within Server:WorkerLanguages); it takes no jobs")]
    private static partial void LogOffersNothing(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language {LanguageId} is unavailable: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string languageId, string? problem);
}
