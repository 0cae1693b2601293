using Arbiter.Server.Features.Submissions;
using Arbiter.Storage;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// A Judge0 submission's callback is Judge0's: a PUT of the submission with Judge0's default
/// fields, base64-encoded when it was created with <c>base64_encoded=true</c> (or when its text
/// is not UTF-8, which Judge0's JSON could not carry otherwise). The callback dispatcher asks
/// here; the outbox, retries and address policy are its own, as for any callback.
/// </summary>
internal static class Judge0Callback
{
    /// <summary>The body to PUT, or null for a submission not sent through Judge0.</summary>
    /// <param name="record">The finished submission.</param>
    /// <param name="view">What its submitter may see (<see cref="ResultPolicy.CallbackViewAsync"/>).</param>
    public static string? Body(SubmissionRecord record, SubmissionView view)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Judge0Meta.ReadFrom(record.RequestJson) is not { } meta)
        {
            return null;
        }

        var rendered = Judge0View.Render(view, record, meta, null, Judge0Fields.Default, meta.Base64)
            ?? Judge0View.Render(view, record, meta, null, Judge0Fields.Default, base64: true)!;
        return rendered.ToJsonString(ServerJson.Options);
    }
}
