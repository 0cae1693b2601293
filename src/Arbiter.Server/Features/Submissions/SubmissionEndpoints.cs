using System.Diagnostics;
using Arbiter.Engine.Tracing;
using Arbiter.Server.Features.Metrics;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Jobs;
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
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapPost("/batch", SubmitBatchAsync).RequireRateLimiting(SubmissionRateLimit.Policy)
            .Produces<BatchAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/batch", GetBatchAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{idOrTicket}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{idOrTicket}/source", GetSourceAsync).ProducesProblem(StatusCodes.Status404NotFound);
        // A listing needs someone to filter for; a public playground's visitors have only tickets.
        group.MapGet("/", ListAsync).RequireAccess(AccessFilter.Level.Member);
        return group;
    }

    private static async Task<IResult> SubmitAsync(
        SubmissionRequest? request,
        bool? wait,
        HttpContext http,
        SubmissionIntake intake,
        SubmissionWriter writer,
        IArbiterStore store,
        ResultPolicy policy,
        CompletionSignals signals,
        WorkSignal work,
        IOptions<ServerOptions> options,
        ServiceMetrics metrics,
        KeyQuota quota,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var span = ArbiterTrace.Start(ArbiterTrace.Accept, ActivityKind.Producer);
        var (claim, badKey) = IdempotencyKeys.Read(http, "submission", request);
        if (badKey is not null)
        {
            return Invalid([badKey]);
        }

        var answer = new Answering(store, policy, signals, Caller.Of(http), options.Value, time, wait == true);
        if (claim is not null && await store.FindIdempotencyKeyAsync(claim.Key, cancellationToken) is { } earlier)
        {
            return await answer.ReplayAsync(http, claim, earlier, cancellationToken);
        }

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
        var completion = answer.Wait && waiting is null ? signals.WaitAsync(submission.Id) : null;
        try
        {
            submission = await writer.AddAsync(submission with { Idempotency = claim }, cancellationToken);
        }
        catch (IdempotencyKeyTakenException) when (claim is not null)
        {
            // The same request twice at once: the other one stored it.
            signals.Forget(submission.Id);
            return await answer.ReplayAsync(http, claim, await store.FindIdempotencyKeyAsync(claim.Key, cancellationToken), cancellationToken);
        }

        metrics.Accepted(1);
        span?.SetTag("arbiter.submission.id", submission.Id);
        work.Notify(1);
        return await answer.StoredAsync(submission.Id, submission.Ticket, SubmissionStatus.Queued, waiting, completion, cancellationToken);
    }

    private static async Task<IResult> SubmitBatchAsync(
        BatchRequest? request,
        HttpContext http,
        SubmissionIntake intake,
        SubmissionWriter writer,
        IArbiterStore store,
        ResultPolicy policy,
        CompletionSignals signals,
        WorkSignal work,
        IOptions<ServerOptions> options,
        ServiceMetrics metrics,
        KeyQuota quota,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var span = ArbiterTrace.Start(ArbiterTrace.Accept, ActivityKind.Producer);
        var (claim, badKey) = IdempotencyKeys.Read(http, "batch", request);
        if (badKey is not null)
        {
            return Invalid([badKey]);
        }

        var answer = new Answering(store, policy, signals, Caller.Of(http), options.Value, time, Wait: false);
        if (claim is not null && await store.FindIdempotencyKeyAsync(claim.Key, cancellationToken) is { } earlier)
        {
            return await answer.ReplayAsync(http, claim, earlier, cancellationToken, batch: true);
        }

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
                accepted.Add(submission with { Idempotency = claim });
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
        IReadOnlyList<NewSubmission> stored;
        try
        {
            stored = await writer.AddManyAsync(accepted, cancellationToken);
        }
        catch (IdempotencyKeyTakenException) when (claim is not null)
        {
            return await answer.ReplayAsync(http, claim, await store.FindIdempotencyKeyAsync(claim.Key, cancellationToken), cancellationToken, batch: true);
        }

        metrics.Accepted(stored.Count);
        span?.SetTag("arbiter.batch.size", stored.Count);
        work.Notify(stored.Count);
        var fleet = await WorkerFleet.ReadAsync(store, time.GetUtcNow(), cancellationToken);
        return Batch(stored.Select(s => (s.Id, s.Ticket, SubmissionStatus.Queued, fleet.WhyWaiting(s.Language))));
    }

    private static Accepted<BatchAccepted> Batch(IEnumerable<(string Id, string Ticket, SubmissionStatus Status, string? Waiting)> items)
    {
        var views = items.Select(s => new SubmissionAccepted(s.Id, s.Ticket, s.Status, $"/api/v1/submissions/{s.Id}", s.Waiting)).ToList();
        return TypedResults.Accepted($"/api/v1/submissions/batch?ids={string.Join(',', views.Select(v => v.Id))}", new BatchAccepted(views));
    }

    /// <summary>How a stored submission is answered: 202 with where to find it, or with
    /// <c>?wait=true</c> 200 and the result once it is finished, 202 when the wait runs out.</summary>
    private sealed record Answering(IArbiterStore Store, ResultPolicy Policy, CompletionSignals Signals, Caller Caller, ServerOptions Options, TimeProvider Time, bool Wait)
    {
        public async Task<IResult> StoredAsync(string id, string ticket, SubmissionStatus status, string? waiting, Task? completion, CancellationToken cancellationToken)
        {
            try
            {
                if (completion is not null
                    && await WaitAsync(
                        Store,
                        Policy,
                        Caller,
                        id,
                        completion,
                        TimeSpan.FromSeconds(Options.MaxWaitSeconds),
                        TimeSpan.FromMilliseconds(Options.WaitPollMilliseconds),
                        Time,
                        cancellationToken) is { } finished)
                {
                    return TypedResults.Ok(finished);
                }
            }
            catch (StoreUnavailableException)
            {
                // It is stored: the client gets its id (202) rather than a 503 it might answer
                // by sending it again.
            }
            finally
            {
                if (completion is not null)
                {
                    Signals.Forget(id);
                }
            }

            var location = $"/api/v1/submissions/{id}";
            return TypedResults.Accepted(location, new SubmissionAccepted(id, ticket, status, location, waiting));
        }

        /// <summary>The submissions an earlier request with the same key made, answered as that
        /// request was (waiting again for a single one, when asked to).</summary>
        public async Task<IResult> ReplayAsync(HttpContext http, IdempotencyClaim claim, IdempotencyRecord? earlier, CancellationToken cancellationToken, bool batch = false)
        {
            // A key is never deleted: one that was taken is there.
            ArgumentNullException.ThrowIfNull(earlier);
            if (earlier.RequestHash != claim.RequestHash)
            {
                return IdempotencyKeys.Mismatch();
            }

            http.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
            var fleet = await WorkerFleet.ReadAsync(Store, Time.GetUtcNow(), cancellationToken);
            if (batch)
            {
                var records = await Store.GetSubmissionsAsync(earlier.SubmissionIds, cancellationToken);
                return Batch(records.Select(r => (r.Id, r.Ticket, r.Status, r.Status == SubmissionStatus.Queued ? fleet.WhyWaiting(r.Language) : null)));
            }

            var id = earlier.SubmissionIds[0];
            // Listening before reading, so a result stored in between is not missed.
            var completion = Wait ? Signals.WaitAsync(id) : null;
            var record = await Store.GetSubmissionAsync(id, cancellationToken);
            if (record is null)
            {
                if (completion is not null)
                {
                    Signals.Forget(id);
                }

                return TypedResults.Problem($"No submission with id '{id}'.", statusCode: StatusCodes.Status404NotFound);
            }

            var waiting = record.Status == SubmissionStatus.Queued ? fleet.WhyWaiting(record.Language) : null;
            if (waiting is not null && completion is not null)
            {
                // No live worker takes it: nothing to wait for.
                Signals.Forget(id);
                completion = null;
            }

            return await StoredAsync(record.Id, record.Ticket, record.Status, waiting, completion, cancellationToken);
        }
    }

    /// <summary>All the submissions asked for, or 404 naming those that are unknown (or
    /// another user's, which answer alike): a client never mistakes a short list for a complete one.</summary>
    private static async Task<Results<Ok<IReadOnlyList<SubmissionView>>, ValidationProblem, ProblemHttpResult>> GetBatchAsync(
        string? ids,
        HttpContext http,
        IArbiterStore store,
        ResultPolicy policy,
        TimeProvider time,
        CancellationToken cancellationToken)
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
            if (await policy.MayReadAsync(caller, record, cancellationToken))
            {
                views.Add(await ViewAsync(store, policy, caller, record, fleet, cancellationToken));
            }
        }

        var missing = list.Except(views.Select(v => v.Id)).ToList();
        return missing.Count > 0
            ? TypedResults.Problem($"No submission with id {string.Join(", ", missing.Select(m => $"'{m}'"))}.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok<IReadOnlyList<SubmissionView>>(views);
    }

    private static async Task<Results<Ok<SubmissionView>, ProblemHttpResult>> GetAsync(
        string idOrTicket,
        HttpContext http,
        IArbiterStore store,
        ResultPolicy policy,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var record = await store.GetSubmissionAsync(idOrTicket, cancellationToken);
        // Another user's submission answers exactly like a missing one: ids are not probeable.
        return record is null || !await policy.MayReadAsync(Caller.Of(http), record, cancellationToken)
            ? TypedResults.Problem($"No submission with id or ticket '{idOrTicket}'.", statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(await ViewAsync(store, policy, Caller.Of(http), record, await FleetIfQueuedAsync(store, record, time, cancellationToken), cancellationToken));
    }

    private static async Task<Results<Ok<SourceView>, ProblemHttpResult>> GetSourceAsync(
        string idOrTicket,
        HttpContext http,
        IArbiterStore store,
        ResultPolicy policy,
        CancellationToken cancellationToken)
    {
        var record = await store.GetSubmissionAsync(idOrTicket, cancellationToken);
        if (record is null || !await policy.MayReadAsync(Caller.Of(http), record, cancellationToken))
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

    private static async Task<Results<Ok<SubmissionPage>, ValidationProblem>> ListAsync(
        string? problem,
        string? assignment,
        string? status,
        string? before,
        int? limit,
        HttpContext http,
        IArbiterStore store,
        CancellationToken cancellationToken)
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
        var records = await store.ListSubmissionsAsync(new SubmissionQuery(
            Owner: caller.IsStaff ? null : caller.UserId,
            ProblemId: problem,
            Status: wanted,
            Before: before,
            Limit: limit ?? 50,
            AssignmentId: assignment), cancellationToken);
        var items = records.Select(ResultPolicy.Summary).ToList();
        return TypedResults.Ok(new SubmissionPage(items, items.Count == (limit ?? 50) ? items[^1].Id : null));
    }

    private static async Task<WorkerFleet?> FleetIfQueuedAsync(IArbiterStore store, SubmissionRecord record, TimeProvider time, CancellationToken cancellationToken) =>
        record.Status == SubmissionStatus.Queued ? await WorkerFleet.ReadAsync(store, time.GetUtcNow(), cancellationToken) : null;

    /// <summary>The submission as the API shows it; <paramref name="fleet"/> (the live workers) is
    /// needed only for a queued one, to say why it waits.</summary>
    private static async Task<SubmissionView> ViewAsync(
        IArbiterStore store,
        ResultPolicy policy,
        Caller caller,
        SubmissionRecord record,
        WorkerFleet? fleet,
        CancellationToken cancellationToken)
    {
        var history = await store.GetHistoryAsync(record.Id, cancellationToken);
        var queued = record.Status == SubmissionStatus.Queued;
        var position = queued ? await store.QueuePositionAsync(record.Id, cancellationToken) : null;
        var waiting = queued ? fleet?.WhyWaiting(record.Language) : null;
        var callbacks = record.CallbackUrl is null ? [] : await store.GetCallbacksAsync(record.Id, cancellationToken);
        return await policy.ViewAsync(caller, record, history, position, waiting, callbacks, cancellationToken);
    }

    /// <summary>The finished submission, or null when it did not finish within <paramref name="limit"/>;
    /// <paramref name="poll"/> bounds the cost of a completion signal that never came. A read that
    /// ends past the deadline ends the wait: the caller answers 202 with the id, never an error.</summary>
    internal static async Task<SubmissionView?> WaitAsync(
        IArbiterStore store,
        ResultPolicy policy,
        Caller caller,
        string id,
        Task completion,
        TimeSpan limit,
        TimeSpan poll,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + limit;
        while (true)
        {
            var record = await store.GetSubmissionAsync(id, cancellationToken);
            if (record?.Status is SubmissionStatus.Judged or SubmissionStatus.Failed)
            {
                return await ViewAsync(store, policy, caller, record, null, cancellationToken);
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.WhenAny(completion, Task.Delay(remaining < poll ? remaining : poll, time, cancellationToken));
        }
    }

    private static ValidationProblem Invalid(IEnumerable<string> errors) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["request"] = errors.ToArray() }, detail: string.Join("; ", errors), title: "The submission is invalid.");
}
