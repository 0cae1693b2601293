using Microsoft.Extensions.Options;

namespace Arbiter.Server.Jobs;

/// <summary>
/// The languages this worker takes jobs in: those whose toolchain probed available here,
/// narrowed to <see cref="ServerOptions.WorkerLanguages"/> when set. Null until probing has
/// finished, so that a worker leases nothing before it knows what it can run.
/// </summary>
internal sealed class OfferedLanguages(LanguageDirectory directory, IOptions<ServerOptions> options)
{
    public IReadOnlyList<string>? Current
    {
        get
        {
            if (!directory.Probed)
            {
                return null;
            }

            var allowed = options.Value.WorkerLanguageIds;
            return [.. directory.Statuses.Where(s => s.Available && (allowed.Count == 0 || allowed.Contains(s.Id, StringComparer.Ordinal))).Select(s => s.Id)];
        }
    }
}
