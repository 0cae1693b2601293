using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Arbiter.Server;

/// <summary>
/// Turns a request the framework could not read (malformed JSON, a field of the wrong type,
/// bytes that are not UTF-8, a lone surrogate, a query value that does not parse, a body over
/// the size limit) into a ProblemDetails whose <c>detail</c> says what is wrong and where, with
/// the status the framework chose (400, 413, 415). Without it these answer a bare "Bad Request",
/// or a 500 for a body over the limit.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Detail = Describe(httpContext, bad) },
        });
    }

    /// <summary>For <c>AddProblemDetails</c>: a 413 the framework answered itself (a JSON body
    /// cut off while it was bound, which never reaches the exception handler) says the limit too.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is { Status: StatusCodes.Status413PayloadTooLarge, Detail: null })
        {
            context.ProblemDetails.Detail = TooLarge(context.HttpContext);
        }
    }

    private static string TooLarge(HttpContext http) =>
        $"The request body is larger than the limit of {http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes.";

    private static string Describe(HttpContext http, BadHttpRequestException bad) => bad switch
    {
        { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(http),
        { InnerException: JsonException json } => Describe(json),
        _ => bad.Message,
    };

    private static string Describe(JsonException json)
    {
        var where = $"at {json.Path ?? "$"} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1})";
        if (Causes(json).Any(e => e is DecoderFallbackException))
        {
            return $"The body is not valid UTF-8 ({where}).";
        }

        if (json.InnerException is InvalidOperationException unreadable)
        {
            // The reader's own words: a string where a number was wanted, a lone surrogate ("\ud800").
            return $"The JSON value {where} cannot be read: {unreadable.Message}";
        }

        var message = json.Message;
        var pathStart = message.IndexOf(" Path: ", StringComparison.Ordinal);
        message = pathStart >= 0 ? message[..pathStart] : message;
        // The type in this message can be the enclosing record's, not the field's: name only the field.
        return message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal)
            ? $"The JSON value {where} has the wrong type."
            : $"The body is not valid JSON {where}: {message}";
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
