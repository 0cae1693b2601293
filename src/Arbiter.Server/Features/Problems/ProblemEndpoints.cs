using Arbiter.Server.Features.Users;
using System.Text;
using Arbiter.Engine.Problems;
using Arbiter.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Arbiter.Server.Features.Problems;

/// <summary>/api/v1/problems: import a package (a zip as the request body), list, and read a
/// problem's statement, samples and templates.</summary>
internal static class ProblemEndpoints
{
    private const int SampleCap = 64 * 1024;

    public static RouteGroupBuilder MapProblems(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/problems").WithTags("Problems").RequireAccess(AccessFilter.Level.Caller);
        // ProblemHttpResult carries no status of its own: the answers are listed for the OpenAPI document.
        group.MapPost("/", ImportAsync).Accepts<byte[]>("application/zip").DisableAntiforgery().RequireAccess(AccessFilter.Level.Staff)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<ProblemSummary>, ProblemHttpResult>> ImportAsync(
        HttpRequest request,
        ProblemLibrary library,
        IOptions<ServerOptions> options,
        string? id,
        CancellationToken cancellationToken)
    {
        var (zip, refused) = await ReadPackageAsync(request, options.Value.MaxProblemBytes, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        try
        {
            var record = await library.ImportAsync(zip!, id, owner: null, cancellationToken);
            return TypedResults.Created($"/api/v1/problems/{record.Id}", new ProblemSummary(record.Id, record.Name, record.Type, record.ImportedAt));
        }
        catch (ProblemPackageException e)
        {
            return TypedResults.Problem(e.Message, title: "Malformed problem package", statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<Ok<IReadOnlyList<ProblemSummary>>> ListAsync(IProblemStore store, CancellationToken cancellationToken)
    {
        var problems = await store.ListProblemsAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ProblemSummary>>(problems.Select(p => new ProblemSummary(p.Id, p.Name, p.Type, p.ImportedAt)).ToList());
    }

    /// <summary>A package zip from the request body, or the answer refusing it (too large, empty).
    /// A body sent without a length that grows past <paramref name="limit"/> is cut off by the server
    /// and answered 413 by <see cref="BadRequestProblems"/>.</summary>
    public static async Task<(byte[]? Zip, ProblemHttpResult? Refused)> ReadPackageAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        // Packages have their own limit (MaxProblemBytes), above the one for JSON bodies; it can
        // be raised only before the body is read, which is why handlers call this first.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (request.ContentLength > limit)
        {
            return (null, TypedResults.Problem($"The package is larger than {limit} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.Length == 0
            ? (null, TypedResults.Problem("Send the problem package as a zip in the request body (Content-Type: application/zip).", statusCode: StatusCodes.Status400BadRequest))
            : (buffer.ToArray(), null);
    }

    private static async Task<Results<Ok<ProblemView>, ProblemHttpResult>> GetAsync(string id, ProblemLibrary library, CancellationToken cancellationToken) =>
        await ViewAsync(id, library, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem($"Unknown problem '{id}'.", statusCode: StatusCodes.Status404NotFound);

    /// <summary>What a solver may see of a problem (statement, samples, templates; never secret
    /// data), or null for an unknown problem.</summary>
    public static async Task<ProblemView?> ViewAsync(string id, ProblemLibrary library, CancellationToken cancellationToken)
    {
        if (!await library.ExistsAsync(id, cancellationToken))
        {
            return null;
        }

        using var lease = await library.HoldAsync(id, cancellationToken);
        var package = lease.Package;
        var statement = package.MarkdownStatement is { } file && File.Exists(Path.Combine(package.RootDirectory, file))
            ? await File.ReadAllTextAsync(Path.Combine(package.RootDirectory, file), cancellationToken)
            : null;
        var samples = package.TestData.AllTests().Where(t => t.IsSample).Take(20)
            .Select(t => new SampleView(t.Path, Head(t.InputFile), Head(t.AnswerFile))).ToList();
        var templates = package.Arbiter.Templates
            .Where(t => File.Exists(Path.Combine(package.RootDirectory, t.Value)))
            .ToDictionary(t => t.Key, t => File.ReadAllText(Path.Combine(package.RootDirectory, t.Value)));
        return new ProblemView(id, package.Name, package.Type.ToString(), package.Validation.Interactive,
            package.Limits.TimeLimit?.TotalSeconds, package.Limits.MemoryMiB, statement, statement is null ? null : StatementRenderer.ToHtml(statement), samples, templates);
    }

    private static string Head(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[Math.Min(stream.Length, SampleCap)];
        stream.ReadExactly(buffer);
        return Encoding.UTF8.GetString(buffer);
    }
}
