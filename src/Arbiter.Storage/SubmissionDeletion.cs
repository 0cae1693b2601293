namespace Arbiter.Storage;

/// <summary>What <see cref="ISubmissionStore.DeleteSubmissionAsync"/> did.</summary>
public enum SubmissionDeletion
{
    /// <summary>The submission and everything stored with it are gone.</summary>
    Deleted,

    /// <summary>There is no submission with that id (never was, or already deleted).</summary>
    NotFound,

    /// <summary>It is still queued, compiling or running; nothing was deleted.</summary>
    Unfinished,
}
