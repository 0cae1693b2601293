using System.Text.Json;
using System.Text.Json.Nodes;
using Arbiter.Sandbox;
using Arbiter.Server.Features.Languages;
using Arbiter.Server.Features.Submissions;
using Arbiter.Server.Features.Users;
using Arbiter.Server.Features.Fleet;
using Arbiter.Server.Jobs;
using Arbiter.Storage;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// Judge0 CE's API under <c>/judge0/</c> (and at the root with <see cref="CompatOptions.Judge0AtRoot"/>):
/// asynchronous submissions by token (<c>?wait=true</c> answers when finished), batches, the
/// language and status lists and the server's <c>about</c>, <c>config_info</c> and <c>workers</c>.
/// A token is the submission's id; a GET of it goes through the same read rule and
/// <see cref="ResultPolicy"/> as <c>GET /api/v1/submissions/{id}</c>; its DELETE is
/// <see cref="Judge0Deletion"/>'s. Errors are Judge0's:
/// <c>{"error": …}</c> with 400, 404 or 503, and each field's messages with 422. Not in the
/// OpenAPI document; docs/compat.md describes it.
/// </summary>
internal static class Judge0Endpoints
{
    public const string Prefix = "/judge0";

    /// <summary>The paths Judge0 serves at its root, for <see cref="CompatOptions.Judge0AtRoot"/>.</summary>
    public static readonly string[] RootPaths = ["/submissions", "/languages", "/statuses", "/about", "/config_info", "/workers"];

    /// <summary>Judge0's default bound on a batch (<c>MAX_SUBMISSION_BATCH_SIZE</c>).</summary>
    public const int MaxBatch = 20;

    /// <summary>The version of Judge0 CE whose API this is.</summary>
    public const string Judge0Version = "1.13.1";

    private const string BatchConversionError = "some attributes for one or more submissions cannot be converted to UTF-8, use base64_encoded=true query parameter";

    public static void MapJudge0(this IEndpointRouteBuilder routes, bool atRoot)
    {
        Map(routes.MapGroup(Prefix));
        if (atRoot)
        {
            Map(routes.MapGroup(""));
        }
    }

    private static void Map(RouteGroupBuilder group)
    {
        group.WithTags("Judge0").ExcludeFromDescription().RequireAccess(AccessFilter.Level.Caller);
        group.MapPost("/submissions", CreateAsync).RequireRateLimiting(SubmissionRateLimit.Policy);
        group.MapPost("/submissions/batch", CreateBatchAsync).RequireRateLimiting(SubmissionRateLimit.Policy);
        group.MapGet("/submissions/batch", ShowBatchAsync);
        group.MapGet("/submissions/{token}", ShowAsync);
        group.MapDelete("/submissions/{token}", Judge0Deletion.DeleteAsync);
        group.MapGet("/languages", LanguagesAsync);
        group.MapGet("/languages/{id}", LanguageAsync);
        group.MapGet("/statuses", () => TypedResults.Json(Judge0Status.All, ServerJson.Options));
        group.MapGet("/about", About);
        group.MapGet("/config_info", ConfigInfo);
        group.MapGet("/workers", WorkersAsync);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http,
        CompatLanguages languages,
        CompatRuns runs,
        IArbiterStore store,
        ResultPolicy policy,
        IOptions<ServerOptions> server,
        CancellationToken cancellationToken)
    {
        var query = Judge0Query.Of(http.Request.Query);
        if (query.InvalidFields is { } invalid)
        {
            return InvalidFields(invalid);
        }

        var body = await CompatJson.ReadAsync(http, cancellationToken);
        if (body.ValueKind == JsonValueKind.Undefined)
        {
            return Error("the request body is not valid JSON", StatusCodes.Status400BadRequest);
        }

        var (admission, errors) = await AddAsync(http, body, query.Base64, query.Wait, languages, runs, server.Value, cancellationToken);
        if (admission is null)
        {
            return Unprocessable(errors!);
        }

        if (admission.Refused is { } refused)
        {
            return refused;
        }

        if (admission.Overloaded is { } why)
        {
            return Error(why, StatusCodes.Status503ServiceUnavailable);
        }

        var token = admission.SubmissionId!;
        if (admission.Completion is not { } completion)
        {
            return TypedResults.Json(new JsonObject { ["token"] = token }, ServerJson.Options, statusCode: StatusCodes.Status201Created);
        }

        // Not finished within the wait: the submission as it is now (In Queue or Processing).
        _ = await runs.WaitAsync(http, token, completion, cancellationToken);
        var (rendered, _) = await RenderAsync(http, token, query, languages, store, policy, cancellationToken);
        return rendered is null
            ? TypedResults.Json(new JsonObject { ["error"] = Judge0View.ConversionError, ["token"] = token }, ServerJson.Options, statusCode: StatusCodes.Status201Created)
            : TypedResults.Json(rendered, ServerJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> CreateBatchAsync(
        HttpContext http,
        CompatLanguages languages,
        CompatRuns runs,
        IOptions<ServerOptions> server,
        CancellationToken cancellationToken)
    {
        var base64 = Judge0Query.Of(http.Request.Query).Base64;
        var body = await CompatJson.ReadAsync(http, cancellationToken);
        if (body.ValueKind == JsonValueKind.Undefined)
        {
            return Error("the request body is not valid JSON", StatusCodes.Status400BadRequest);
        }

        var items = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("submissions", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToList()
            : [];
        if (items.Count == 0)
        {
            return Error("there should be at least one submission in a batch", StatusCodes.Status400BadRequest);
        }

        if (items.Count > MaxBatch)
        {
            return Error($"number of submissions in a batch should be less than or equal to {MaxBatch}", StatusCodes.Status400BadRequest);
        }

        var answers = new JsonArray();
        var anyValid = false;
        foreach (var item in items)
        {
            var (admission, errors) = await AddAsync(http, item, base64, listen: false, languages, runs, server.Value, cancellationToken);
            if (admission?.Refused is { } refused)
            {
                return refused;
            }

            if (admission?.Overloaded is { } why)
            {
                return Error(why, StatusCodes.Status503ServiceUnavailable);
            }

            anyValid |= admission is not null;
            answers.Add(admission is not null ? new JsonObject { ["token"] = admission.SubmissionId } : JsonSerializer.SerializeToNode(errors, ServerJson.Options));
        }

        return TypedResults.Json(answers, ServerJson.Options, statusCode: anyValid ? StatusCodes.Status201Created : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>One Judge0 submission, checked and queued: the admission, or Judge0's 422 body.</summary>
    private static async Task<(CompatAdmission? Admission, Dictionary<string, List<string>>? Errors)> AddAsync(
        HttpContext http,
        JsonElement body,
        bool base64,
        bool listen,
        CompatLanguages languages,
        CompatRuns runs,
        ServerOptions server,
        CancellationToken cancellationToken)
    {
        var (request, errors) = Judge0Request.Read(body, base64);
        if (request is null)
        {
            return (null, errors);
        }

        var (submission, meta, invalid) = Judge0Submissions.From(request, base64, languages, server.MaxSourceBytes);
        if (submission is null)
        {
            return (null, invalid);
        }

        var admission = await runs.AddAsync(http, submission, s => s with { RequestJson = meta!.AttachTo(s.RequestJson) }, listen, cancellationToken);
        return admission.Invalid is { } reasons ? (null, Judge0Submissions.Errors(reasons)) : (admission, null);
    }

    private static async Task<IResult> ShowAsync(
        string token,
        HttpContext http,
        CompatLanguages languages,
        IArbiterStore store,
        ResultPolicy policy,
        CancellationToken cancellationToken)
    {
        var query = Judge0Query.Of(http.Request.Query);
        if (query.InvalidFields is { } invalid)
        {
            return InvalidFields(invalid);
        }

        var (rendered, found) = await RenderAsync(http, token, query, languages, store, policy, cancellationToken);
        return !found ? NotFound()
            : rendered is null ? Error(Judge0View.ConversionError, StatusCodes.Status400BadRequest)
            : TypedResults.Json(rendered, ServerJson.Options);
    }

    private static async Task<IResult> ShowBatchAsync(HttpContext http, CompatLanguages languages, IArbiterStore store, ResultPolicy policy, CancellationToken cancellationToken)
    {
        var query = Judge0Query.Of(http.Request.Query);
        if (query.InvalidFields is { } invalid)
        {
            return InvalidFields(invalid);
        }

        var tokens = (http.Request.Query["tokens"].ToString() is { Length: > 0 } q ? q : http.Request.Headers["tokens"].ToString())
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0)
        {
            return Error("there should be at least one submission in a batch", StatusCodes.Status400BadRequest);
        }

        if (tokens.Length > MaxBatch)
        {
            return Error($"number of submissions in a batch should be less than or equal to {MaxBatch}", StatusCodes.Status400BadRequest);
        }

        var submissions = new JsonArray();
        foreach (var token in tokens)
        {
            var (rendered, found) = await RenderAsync(http, token, query, languages, store, policy, cancellationToken);
            if (found && rendered is null)
            {
                return Error(BatchConversionError, StatusCodes.Status400BadRequest);
            }

            submissions.Add(rendered);
        }

        return TypedResults.Json(new JsonObject { ["submissions"] = submissions }, ServerJson.Options);
    }

    /// <summary>The submission as its reader may see it, with the fields asked for: (null, false)
    /// when there is none the reader may read (another user's answers as a missing one), (null,
    /// true) when its text is not UTF-8 and base64 was not asked for.</summary>
    private static async Task<(JsonObject? Rendered, bool Found)> RenderAsync(
        HttpContext http,
        string token,
        Judge0Query query,
        CompatLanguages languages,
        IArbiterStore store,
        ResultPolicy policy,
        CancellationToken cancellationToken)
    {
        var caller = Caller.Of(http);
        var record = await FindAsync(token, store, cancellationToken);
        if (record is null || !await policy.MayReadAsync(caller, record, cancellationToken))
        {
            return (null, false);
        }

        var view = await policy.ViewAsync(caller, record, [], null, null, [], cancellationToken);
        return (Judge0View.Render(view, record, Judge0Meta.ReadFrom(record.RequestJson), languages, query.Fields!, query.Base64), true);
    }

    /// <summary>The submission a token names, whoever may read it: only a playground run has a
    /// Judge0 shape, and a ticket is not a token.</summary>
    internal static async Task<SubmissionRecord?> FindAsync(string token, IArbiterStore store, CancellationToken cancellationToken)
    {
        var record = token.Length is 0 or > 100 ? null : await store.GetSubmissionAsync(token, cancellationToken);
        return record is { Kind: SubmissionKind.Run } && record.Id == token ? record : null;
    }

    private static async Task<IResult> LanguagesAsync(
        LanguageDirectory directory,
        CompatLanguages languages,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var offered = await Judge0Languages.OfferedAsync(directory, languages, store, time, cancellationToken);
        return TypedResults.Json(offered.Select(o => new JsonObject { ["id"] = o.Id, ["name"] = Judge0Languages.Name(o.Compat, o.Version) }).ToList(), ServerJson.Options);
    }

    private static async Task<IResult> LanguageAsync(
        string id,
        LanguageDirectory directory,
        CompatLanguages languages,
        IArbiterStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number)
            || !languages.Judge0.TryGetValue(number, out var compat))
        {
            return NotFound();
        }

        var version = (await LanguageEndpoints.ProbedAsync(directory, store, time, cancellationToken)).GetValueOrDefault(compat.Language.Id)?.Version;
        var language = compat.Language;
        return TypedResults.Json(new JsonObject
        {
            ["id"] = number,
            ["name"] = Judge0Languages.Name(compat, version),
            ["is_archived"] = false,
            ["source_file"] = language.SourceFile,
            ["compile_cmd"] = language.Compile is { } compile ? string.Join(' ', compile.Command) : null,
            ["run_cmd"] = string.Join(' ', language.Run),
        }, ServerJson.Options);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> About() => TypedResults.Json(new JsonObject
    {
        ["version"] = Judge0Version,
        ["homepage"] = null,
        ["source_code"] = null,
        ["maintainer"] = "Arbiter, serving Judge0 CE's API (docs/compat.md)",
    }, ServerJson.Options);

    /// <summary>Judge0's configuration keys with this server's values: its limits in Judge0's
    /// units, and what it allows.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> ConfigInfo(
        IOptions<ServerOptions> server,
        IOptions<CompatOptions> compat,
        IOptions<Callbacks.CallbackOptions> callbacks)
    {
        var defaults = SandboxLimits.Default;
        var maximum = SandboxLimits.Maximum;
        return TypedResults.Json(new JsonObject
        {
            ["maintenance_mode"] = false,
            ["enable_wait_result"] = true,
            ["enable_compiler_options"] = true,
            ["allowed_languages_for_compile_options"] = new JsonArray(),
            ["enable_command_line_arguments"] = true,
            ["enable_submission_delete"] = compat.Value.Judge0SubmissionDelete,
            ["enable_callbacks"] = true,
            ["callbacks_max_tries"] = server.Value.CallbackAttempts,
            ["callbacks_timeout"] = Callbacks.CallbackDispatcher.RequestTimeout.TotalSeconds,
            ["enable_additional_files"] = true,
            ["max_queue_size"] = compat.Value.MaxQueueForSyncRuns,
            ["cpu_time_limit"] = defaults.CpuTime.TotalSeconds,
            ["max_cpu_time_limit"] = maximum.CpuTime.TotalSeconds,
            ["cpu_extra_time"] = 0.0,
            ["max_cpu_extra_time"] = 0.0,
            ["wall_time_limit"] = defaults.WallTime.TotalSeconds,
            ["max_wall_time_limit"] = maximum.WallTime.TotalSeconds,
            ["memory_limit"] = defaults.MemoryBytes / 1024,
            ["max_memory_limit"] = maximum.MemoryBytes / 1024,
            ["stack_limit"] = defaults.StackBytes / 1024,
            ["max_stack_limit"] = defaults.StackBytes / 1024,
            ["max_processes_and_or_threads"] = defaults.Processes,
            ["max_max_processes_and_or_threads"] = maximum.Processes,
            ["enable_per_process_and_thread_time_limit"] = false,
            ["allow_enable_per_process_and_thread_time_limit"] = false,
            ["enable_per_process_and_thread_memory_limit"] = false,
            ["allow_enable_per_process_and_thread_memory_limit"] = false,
            ["max_file_size"] = defaults.OutputBytes / 1024,
            ["max_max_file_size"] = maximum.OutputBytes / 1024,
            ["number_of_runs"] = 1,
            ["max_number_of_runs"] = 1,
            ["redirect_stderr_to_stdout"] = false,
            ["max_extract_size"] = server.Value.MaxSourceBytes / 1024,
            ["enable_batched_submissions"] = true,
            ["max_submission_batch_size"] = MaxBatch,
            ["submission_cache_duration"] = 0.0,
            ["use_docs_as_homepage"] = false,
            ["allow_enable_network"] = false,
            ["enable_network"] = false,
        }, ServerJson.Options);
    }

    /// <summary>Judge0's one queue, with the live workers in it.</summary>
    private static async Task<IResult> WorkersAsync(IArbiterStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = (await store.ListWorkersAsync(cancellationToken)).Where(w => WorkerFleet.IsAlive(w, now)).ToList();
        return TypedResults.Json(new JsonArray(new JsonObject
        {
            ["queue"] = "default",
            ["size"] = await store.QueueDepthAsync(now, cancellationToken),
            ["available"] = live.Count,
            ["idle"] = live.Count(w => w.RunningJobs == 0 && !w.Draining),
            ["working"] = live.Count(w => w.RunningJobs > 0),
            ["paused"] = live.Count(w => w.Draining),
            ["failed"] = 0,
        }), ServerJson.Options);
    }

    internal static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> InvalidFields(IReadOnlyList<string> invalid) =>
        Error($"invalid fields: [{string.Join(", ", invalid)}]", StatusCodes.Status400BadRequest);

    internal static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> NotFound() => Error("Not Found", StatusCodes.Status404NotFound);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Dictionary<string, List<string>>> Unprocessable(Dictionary<string, List<string>> errors) =>
        TypedResults.Json(errors, ServerJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity);

    /// <summary>Judge0's error: <c>{"error": message}</c>.</summary>
    internal static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> Error(string message, int status) =>
        TypedResults.Json(new JsonObject { ["error"] = message }, ServerJson.Options, statusCode: status);
}
