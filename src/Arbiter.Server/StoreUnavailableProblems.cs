using Arbiter.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace Arbiter.Server;

/// <summary>
/// A request that needed the store while it was unavailable answers 503 with a ProblemDetails
/// body and <c>Retry-After</c>, for the API and the web pages' JSON alike, instead of a 500:
/// the client learns to try again, not that it sent something wrong. Logged once per outage
/// through <see cref="StoreOutage"/>, not as a stack trace per request.
/// </summary>
internal sealed class StoreUnavailableProblems(IProblemDetailsService problems, StoreOutage outage) : IExceptionHandler
{
    /// <summary>What <c>Retry-After</c> says, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable || httpContext.Response.HasStarted)
        {
            return false;
        }

        outage.Failed("the API", unavailable);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Where the database is stays in the log: a client has no use for it.
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The store is unavailable",
                Detail = $"The database is not answering. Try again in {RetryAfterSeconds} seconds; a submission sent again with the same Idempotency-Key is never stored twice.",
            },
        });
    }
}
