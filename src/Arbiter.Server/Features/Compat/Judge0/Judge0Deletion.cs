using System.Text.Json.Nodes;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// Judge0's <c>DELETE /submissions/{token}</c>, as Judge0 CE's controller answers it, under
/// Arbiter's access rules. With <see cref="CompatOptions.Judge0SubmissionDelete"/> off: 400
/// "delete not allowed". A token the caller may not read: 404, as for a GET. Only the owner or an
/// admin deletes (Judge0 asks for its authorization token; a trusted anonymous caller counts as
/// the owner of anonymous submissions); staff who may read another user's: 403. Queued or
/// running: 400 naming its Judge0 status, as Judge0 refuses. Deleted: 200 with the submission as
/// it was, base64-encoded whatever was asked (Judge0 forces it, so the answer never fails on text
/// that is not UTF-8), with the fields asked for.
/// </summary>
internal static class Judge0Deletion
{
    public static async Task<IResult> DeleteAsync(
        string token,
        HttpContext http,
        CompatLanguages languages,
        IArbiterStore store,
        ResultPolicy policy,
        IOptions<CompatOptions> compat,
        CancellationToken cancellationToken)
    {
        if (!compat.Value.Judge0SubmissionDelete)
        {
            return Judge0Endpoints.Error("delete not allowed", StatusCodes.Status400BadRequest);
        }

        var query = Judge0Query.Of(http.Request.Query);
        if (query.InvalidFields is { } invalid)
        {
            return Judge0Endpoints.InvalidFields(invalid);
        }

        var caller = Caller.Of(http);
        var record = await Judge0Endpoints.FindAsync(token, store, cancellationToken);
        if (record is null || !await policy.MayReadAsync(caller, record, cancellationToken))
        {
            return Judge0Endpoints.NotFound();
        }

        if (!MayDelete(caller, record))
        {
            return Judge0Endpoints.Error("only the submission's owner or an admin may delete it", StatusCodes.Status403Forbidden);
        }

        if (record.Status is not (SubmissionStatus.Judged or SubmissionStatus.Failed))
        {
            return Unfinished(record.Status);
        }

        var view = await policy.ViewAsync(caller, record, [], null, null, [], cancellationToken);
        var rendered = Judge0View.Render(view, record, Judge0Meta.ReadFrom(record.RequestJson), languages, query.Fields!, base64: true)!;
        return await store.DeleteSubmissionAsync(record.Id, cancellationToken) switch
        {
            SubmissionDeletion.Deleted => TypedResults.Json(rendered, ServerJson.Options),
            // Deleted by another request in between.
            SubmissionDeletion.NotFound => Judge0Endpoints.NotFound(),
            _ => Unfinished(SubmissionStatus.Running),
        };
    }

    /// <summary>Its owner, or an admin; an anonymous submission has no owner to ask, so only a
    /// caller the server trusts as a whole (<see cref="AnonymousAccess.Trusted"/>) stands in.</summary>
    private static bool MayDelete(Caller caller, SubmissionRecord record) =>
        caller.Role == UserRole.Admin
        || (caller.IsAuthenticated ? record.Owner == caller.UserId : record.Owner is null && caller.IsStaff);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> Unfinished(SubmissionStatus status)
    {
        var judge0 = status == SubmissionStatus.Queued ? Judge0Status.InQueue : Judge0Status.Processing;
        return Judge0Endpoints.Error($"submission cannot be deleted because its status is {judge0.Id} ({judge0.Description})", StatusCodes.Status400BadRequest);
    }
}
