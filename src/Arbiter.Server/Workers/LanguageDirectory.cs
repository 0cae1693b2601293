using Arbiter.Engine.Languages;

namespace Arbiter.Server.Workers;

/// <summary>The languages this process knows, with their probed status once probing (at start,
/// in the background, on workers) has finished.</summary>
internal sealed class LanguageDirectory(LanguageCatalog catalog)
{
    private volatile IReadOnlyList<LanguageStatus> _statuses = [];

    public LanguageCatalog Catalog => catalog;

    public IReadOnlyList<LanguageStatus> Statuses => _statuses;

    public bool Probed { get; private set; }

    public void Update(IReadOnlyList<LanguageStatus> statuses)
    {
        _statuses = statuses;
        Probed = true;
    }
}
