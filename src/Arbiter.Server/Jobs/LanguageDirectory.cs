using Arbiter.Engine.Languages;

namespace Arbiter.Server.Jobs;

/// <summary>The languages this process knows, with their probed status once probing (at start,
/// in the background, on workers) has finished.</summary>
internal sealed class LanguageDirectory(LanguageCatalog catalog)
{
    private readonly TaskCompletionSource _probed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile IReadOnlyList<LanguageStatus> _statuses = [];

    public LanguageCatalog Catalog => catalog;

    public IReadOnlyList<LanguageStatus> Statuses => _statuses;

    public bool Probed => _probed.Task.IsCompleted;

    /// <summary>Completes when probing has finished, so the heartbeat can announce the
    /// languages at once rather than at its next beat.</summary>
    public Task WhenProbed => _probed.Task;

    public void Update(IReadOnlyList<LanguageStatus> statuses)
    {
        _statuses = statuses;
        _probed.TrySetResult();
    }
}
