using System.ComponentModel.DataAnnotations;

namespace Arbiter.Server.Features.Compat;

/// <summary>The Jobe, Judge0 and Piston adapters (docs/compat.md). Bound from the "Compat" section
/// (environment: ARBITER__COMPAT__JOBEFILECACHEMIB and so on).</summary>
public sealed class CompatOptions
{
    public const string SectionName = "Compat";

    /// <summary>Bytes of files PUT through Jobe's <c>files/{id}</c> kept in the store (shared by
    /// every API process on the database), in MiB; the least recently used go first. A run naming
    /// an evicted file gets Jobe's 404, and CodeRunner sends the file again.</summary>
    [Range(1, 64 * 1024)]
    public int JobeFileCacheMiB { get; set; } = 64;

    /// <summary>Submissions waiting in the queue beyond which a synchronous run (Jobe, Piston) is
    /// refused at once (Jobe's outcome 21, server overload) instead of waiting for its turn; a Judge0
    /// submission beyond it gets Judge0's 503 "queue is full".</summary>
    [Range(0, 1_000_000)]
    public int MaxQueueForSyncRuns { get; set; } = 500;

    /// <summary>Whether Judge0's <c>DELETE /submissions/{token}</c> deletes (Judge0's
    /// <c>ENABLE_SUBMISSION_DELETE</c>): a finished submission, by its owner or an admin, with
    /// everything stored with it. Off: Judge0's 400 "delete not allowed".</summary>
    public bool Judge0SubmissionDelete { get; set; } = true;

    /// <summary>Also serve Judge0's API at the root (<c>/submissions</c>, <c>/languages</c>…), where
    /// Judge0 clients look by default, beside <c>/judge0/</c>. Arbiter's own API is under
    /// <c>/api/v1/</c> and its web pages use none of these paths, so nothing is shadowed.</summary>
    public bool Judge0AtRoot { get; set; }
}
