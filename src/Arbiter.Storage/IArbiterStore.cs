namespace Arbiter.Storage;

/// <summary>
/// Everything the service keeps, in one database: submissions (<see cref="ISubmissionStore"/>),
/// the job queue (<see cref="IJobLeases"/>, <see cref="IQueueStatistics"/>), workers
/// (<see cref="IWorkerRegistry"/>), callback deliveries (<see cref="ICallbackOutbox"/>), problem
/// packages (<see cref="IProblemStore"/>), users and API keys (<see cref="IUserStore"/>), cached
/// files (<see cref="IFileCache"/>) and the classroom. A feature takes only the part it uses; the
/// host registers each part as this one store. <see cref="ArbiterStore"/> implements it once for
/// SQLite and PostgreSQL; the same test suite runs against both.
/// </summary>
public interface IArbiterStore : ISubmissionStore, IJobLeases, IQueueStatistics, IWorkerRegistry, ICallbackOutbox, IProblemStore, IUserStore, IFileCache, IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema; safe to call at every start and from several processes.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Courses, members, assignments, drafts, grades and shared programs, in the same database.</summary>
    Classroom.IClassroomStore Classroom { get; }
}
