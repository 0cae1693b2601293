using Arbiter.Engine.Languages;

namespace Arbiter.Server.Workers;

/// <summary>Probes every language once at start (versions, packages, self-tests), in the sandbox.</summary>
internal sealed partial class LanguageProbing(LanguageDirectory directory, LanguageProbe probe, ILogger<LanguageProbing> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var statuses = await Task.WhenAll(directory.Catalog.Languages.Select(l => probe.ProbeAsync(l, stoppingToken))).ConfigureAwait(false);
        directory.Update(statuses);
        foreach (var status in statuses.Where(s => !s.Available))
        {
            LogUnavailable(logger, status.Id, status.Problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Language {LanguageId} is unavailable: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string languageId, string? problem);
}
