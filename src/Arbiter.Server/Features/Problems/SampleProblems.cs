using Arbiter.Engine.Problems;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Problems;

/// <summary>Imports the sample problems shipped next to the program (problems/) when the store
/// does not have them yet, so a fresh service has something to judge against.</summary>
internal sealed partial class SampleProblems(ProblemLibrary library, IArbiterStore store, ILogger<SampleProblems> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "problems");
        if (!Directory.Exists(root))
        {
            return;
        }

        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        foreach (var directory in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (await store.GetProblemAsync(Path.GetFileName(directory), cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            try
            {
                var record = await library.ImportDirectoryAsync(directory, cancellationToken).ConfigureAwait(false);
                LogImported(logger, record.Id);
            }
            catch (ProblemPackageException e)
            {
                LogSkipped(logger, directory, e.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported sample problem {ProblemId}")]
    private static partial void LogImported(ILogger logger, string problemId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sample problem {Directory} skipped: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string directory, string reason);
}
