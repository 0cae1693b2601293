using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Features.Workers;
using Arbiter.Server.Workers;
using Arbiter.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Submissions;

/// <summary>/api/v1/submissions: submit (async, or <c>?wait=true</c>), batch, fetch by id or
/// ticket, and list. A submission is durable in the store before 202 is returned.</summary>
internal static class SubmissionEndpoints
{
    public static RouteGroupBuilder MapSubmissions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/submissions").WithTags("Submissions").RequireAccess(AccessFilter.Level.Caller);
        // Answers the handlers' types do not reveal (IResult: 202 or 200 and the 429s; a
        // ProblemHttpResult's 404) are listed here, so the OpenAPI document shows each one.
        group.MapPost("/", SubmitAsync).RequireRateLimiting(SubmissionRateLimit.Policy)
            .Produces<SubmissionAccepted>(StatusCodes.Status202Accepted).Produces<SubmissionView>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/batch", SubmitBatchAsync).RequireRateLimiting(SubmissionRateLimit.Policy)
            .Produces<BatchAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/batch", GetBatchAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{idOrTicket}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{idOrTicket}/source", GetSourceAsync).ProducesProblem(StatusCodes.Status404NotFound);
        // A listing needs someone to filter for; a public playground's visitors have only tickets.
        group.MapGet("/", ListAsync).RequireAccess(AccessFilter.Level.Member);
        return group;
    }

    private static async Task<IResult> SubmitAsync(
        SubmissionRequest? request, bool? wait, HttpContext http, SubmissionIntake intake, SubmissionWriter writer, IArbiterStore store, CompletionSignals signals, WorkSignal work, IOptions<ServerOptions> options, ServiceMetrics metrics, KeyQuota quota, TimeProvider time, CancellationToken cancellationToken)
    {
        var (submission, errors) = await intake.AcceptAsync(request, Caller.Of(http), cancellationToken);
        if (submission is null)
        {
            return Invalid(errors);
        }

        if (await quota.CheckAsync(http, 1, cancellationToken) is { } exhausted)
        {
            return exhausted;
        }

        // Accepted even when no live worker takes its language: the queue is durable and workers
        // come and go (a restart, a deploy); the answer says why it waits instead.
        var waiting = (await WorkerFleet.ReadAsync(store, time.GetUtcNow(), cancellationToken)).WhyWaiting(submission.Language);
        var completion = wait == true && waiting is null ? signals.WaitAsync(submission.Id) : null;
        submission = await writer.AddAsync(submission, cancellationToken);
        metrics.Accepted(1);
        work.Notify(1);
        if (completion is not null && await WaitAsync(store, Caller.Of(http), submission.Id, completion, TimeSpan.FromSeconds(options.Value.MaxWaitSeconds), TimeSpan.FromMilliseconds(options.Value.WaitPollMilliseconds), cancellationToken) is { } finished)
        {
            signals.Forget(submission.Id);
            return TypedResults.Ok(finished);
        }

        signals.Forget(submission.Id);
        var location = $"/api/v1/submissions/{submission.Id}";
        return TypedResults.Accepted(location, new SubmissionAccepted(submission.Id, submission.Ticket, SubmissionStatus.Queued, location, waiting));
    }

    private static async Task<IResult> SubmitBatchAsync(
        BatchRequest? request, HttpContext http, SubmissionIntake intake, SubmissionWriter writer, IArbiterStore store, WorkSignal work, IOptions<ServerOptions> options, ServiceMetrics metrics, KeyQuota quota, TimeProvider time, CancellationToken cancellationToken)
    {
        var items = request?.Submissions ?? [];
        if (items.Count == 0 || items.Count > options.Value.MaxBatch)
        {
            return Invalid([$"'submissions' must hold 1 to {options.Value.MaxBatch} submissions"]);
        }

        var accepted = new List<NewSubmission>(items.Count);
        var errors = new List<string>();
        var caller = Caller.Of(http);
        foreach (var (item, index) in items.Select((s, i) => (s, i)))
        {
            var (submission, problems) = await intake.AcceptAsync(item, caller, cancellationToken);
            errors.AddRange(problems.Select(p => $"submissions[{index}]: {p}"));
            if (submission is not null)
            {
                accepted.Add(submission);
            }
        }

        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        if (await quota.CheckAsync(http, accepted.Count, cancellationToken) is { } exhausted)
        {
            return exhausted;
        }

        // Through the writer, as single submissions go: a ticket taken meanwhile is retried, not a 500.
        var stored = await writer.AddManyAsync(accepted, cancellationToken);
        metrics.Accepted(stored.Count);
        work.Notify(stored.Count);
        var fleet = await WorkerFleet.ReadAsync(store, time.GetUtcNow(), cancellationToken);
        var views = stored.Select(s => new SubmissionAccepted(s.Id, s.Ticket, SubmissionStatus.Queued, $"/api/v1/submissions/{s.Id}", fleet.WhyWaiting(s.Language))).ToList();
        return TypedResults.Accepted($"/api/v1/submissions/batch?ids={string.Join(',', stored.Select(s => s.Id))}", new BatchAccepted(views));
    }

    /// <summary>All the submissions asked for, or 404 naming those that are unknown (or
    /// another user's, which answer alike): a client never mistakes a short list for a complete one.</summary>
    private static async Task<Results<Ok<IReadOnlyList<SubmissionView>>, ValidationProblem, ProblemHttpResult>> GetBatchAsync(string? ids, HttpContext http, IArbiterStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (list.Count is 0 or > 1000)
        {
            return Invalid(["'ids' must list 1 to 1000 submission ids, separated by commas"]);
        }

        var views = new List<SubmissionView>();
        var caller = Caller.Of(http);
        var fleet = await WorkerFleet.ReadAsync(store, time.GetUtcNow(), cancellationToken);
        foreach (var record in await store.GetSubmissionsAsync(list, cancellationToken))
        {
            if (await MayReadAsync(store, caller, record, cancellationToken))
            {
                views.Add(await ViewAsync(store, caller, record, fleet, cancellationToken));
            }
        }

        var missing = list.Except(views.Select(v => v.Id)).ToList();
        return missing.Count > 0
            ? TypedResults.Problem($"No submission with id {string.Join(", ", missing.Select(m => $"'{m}'"))}.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok<IReadOnlyList<SubmissionView>>(views);
    }

    private static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> GetAsync(string idOrTicket, HttpContext http, IArbiterStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var record = await store.GetSubmissionAsync(idOrTicket, cancellationToken);
        // Another user's submission answers exactly like a missing one: ids are not probeable.
        return record is null || !await MayReadAsync(store, Caller.Of(http), record, cancellationToken)
            ? TypedResults.Problem($"No submission with id or ticket '{idOrTicket}'.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(await ViewAsync(store, Caller.Of(http), record, await FleetIfQueuedAsync(store, record, time, cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<SourceView>, ProblemHttpResult>> GetSourceAsync(string idOrTicket, HttpContext http, IArbiterStore store, CancellationToken cancellationToken)
    {
        var record = await store.GetSubmissionAsync(idOrTicket, cancellationToken);
        if (record is null || !await MayReadAsync(store, Caller.Of(http), record, cancellationToken))
        {
            return TypedResults.Problem($"No submission with id or ticket '{idOrTicket}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var stored = System.Text.Json.JsonSerializer.Deserialize<StoredRequest>(record.RequestJson, ServerJson.Options)!;
        return TypedResults.Ok(new SourceView([.. stored.Files.Select(f => TextOf(f.Content) is { } text
            ? new SubmissionFile(f.Name, text, "utf-8")
            : new SubmissionFile(f.Name, Convert.ToBase64String(f.Content), "base64"))]));
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static string? TextOf(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>Its owner, staff, anyone for an anonymous one — and the staff of the course
    /// whose assignment it answers.</summary>
    private static async Task<bool> MayReadAsync(IArbiterStore store, Caller caller, SubmissionRecord record, CancellationToken cancellationToken) =>
        caller.MayRead(record.Owner) || await IsStaffOfAsync(store, caller, record, cancellationToken);

    /// <summary>Staff (or a trusted anonymous caller), or staff of the course whose assignment
    /// it answers: who may see secret tests' details.</summary>
    private static async Task<bool> IsStaffOfAsync(IArbiterStore store, Caller caller, SubmissionRecord record, CancellationToken cancellationToken) =>
        caller.IsStaff
        || (record.AssignmentId is { } assignment && caller.UserId is not null
            && (await Courses.AssignmentEndpoints.OpenAsync(store, caller, assignment, cancellationToken)).Role == Courses.CourseAccess.Staff);

    private static async Task<Results<Ok<SubmissionPage>, ValidationProblem>> ListAsync(string? problem, string? assignment, string? status, string? before, int? limit, HttpContext http, IArbiterStore store, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 500)
        {
            return Invalid(["'limit' must be between 1 and 500"]);
        }

        SubmissionStatus? wanted = null;
        if (status is not null)
        {
            if (!Enum.TryParse<SubmissionStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(status, out _))
            {
                return Invalid([$"'status' must be one of {string.Join(", ", Enum.GetNames<SubmissionStatus>())}, not '{status}'"]);
            }

            wanted = parsed;
        }

        // Students list their own submissions; staff list everyone's.
        var caller = Caller.Of(http);
        var records = await store.ListSubmissionsAsync(new SubmissionQuery(Owner: caller.IsStaff ? null : caller.UserId, ProblemId: problem, Status: wanted, Before: before, Limit: limit ?? 50, AssignmentId: assignment), cancellationToken);
        var items = records.Select(SubmissionSummary.From).ToList();
        return TypedResults.Ok(new SubmissionPage(items, items.Count == (limit ?? 50) ? items[^1].Id : null));
    }

    private static async Task<WorkerFleet?> FleetIfQueuedAsync(IArbiterStore store, SubmissionRecord record, TimeProvider time, CancellationToken cancellationToken) =>
        record.Status == SubmissionStatus.Queued ? await WorkerFleet.ReadAsync(store, time.GetUtcNow(), cancellationToken) : null;

    /// <summary>The submission as the API shows it; <paramref name="fleet"/> (the live workers) is
    /// needed only for a queued one, to say why it waits.</summary>
    private static async Task<SubmissionView> ViewAsync(IArbiterStore store, Caller caller, SubmissionRecord record, WorkerFleet? fleet, CancellationToken cancellationToken)
    {
        var history = await store.GetHistoryAsync(record.Id, cancellationToken);
        var queued = record.Status == SubmissionStatus.Queued;
        var position = queued ? await store.QueuePositionAsync(record.Id, cancellationToken) : null;
        var waiting = queued ? fleet?.WhyWaiting(record.Language) : null;
        var callbacks = record.CallbackUrl is null ? [] : await store.GetCallbacksAsync(record.Id, cancellationToken);
        var hide = record.Kind == "judge" && record.ResultJson is not null && !await IsStaffOfAsync(store, caller, record, cancellationToken);
        return SubmissionView.From(record, history, position, waiting, callbacks, hide);
    }

    /// <summary>The finished submission, or null when it did not finish within <paramref name="limit"/>;
    /// <paramref name="poll"/> bounds the cost of a completion signal that never came.</summary>
    private static async Task<SubmissionView?> WaitAsync(IArbiterStore store, Caller caller, string id, Task completion, TimeSpan limit, TimeSpan poll, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var record = await store.GetSubmissionAsync(id, cancellationToken);
            if (record?.Status is SubmissionStatus.Judged or SubmissionStatus.Failed)
            {
                return await ViewAsync(store, caller, record, null, cancellationToken);
            }

            var remaining = deadline - DateTime.UtcNow;
            await Task.WhenAny(completion, Task.Delay(remaining < poll ? remaining : poll, cancellationToken));
        }

        return null;
    }

    private static ValidationProblem Invalid(IEnumerable<string> errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = errors.ToArray() }, detail: string.Join("; ", errors), title: "The submission is invalid.");
}
