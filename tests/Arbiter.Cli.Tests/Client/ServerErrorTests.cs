using System.Net;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Tests.Client;

/// <summary>How the server's ProblemDetails answers read on the command line.</summary>
public sealed class ServerErrorTests
{
    private static readonly Uri Server = new("http://127.0.0.1:5180/");

    [Fact]
    public void TooManyRequests_ShowsTheDetailAndRetryAfter()
    {
        var error = ServerError.From(
            HttpStatusCode.TooManyRequests,
            """{"title":"Too Many Requests","status":429,"detail":"Too many submissions: one per 3 s."}""",
            TimeSpan.FromSeconds(2.2),
            Server,
            sentKey: true);

        Assert.Equal(ExitCodes.RateLimited, error.ExitCode);
        Assert.Equal("Too many submissions: one per 3 s.\n  retry after 3 s", error.Message);
    }

    [Fact]
    public void Unauthorized_SaysHowToSignIn_AndThatAKeyWasRefused()
    {
        var error = ServerError.From(
            HttpStatusCode.Unauthorized,
            """{"title":"Unauthorized","status":401,"detail":"The credentials sent are not valid."}""",
            null,
            Server,
            sentKey: true);

        Assert.Equal(ExitCodes.NotSignedIn, error.ExitCode);
        Assert.StartsWith("not signed in (the server refused the API key", error.Message, StringComparison.Ordinal);
        Assert.Contains(": run arbiter login --server http://127.0.0.1:5180\n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidationProblem_ShowsTitleDetailAndOnlyTheErrorsTheDetailLacks()
    {
        const string body = """{"title":"The submission is invalid.","status":400,"detail":"unknown problem 'x'","errors":""" +
            """{"request":["unknown problem 'x'"],"limits":["cpu too high"]}}""";

        var error = ServerError.From(HttpStatusCode.BadRequest, body, null, Server, sentKey: false);

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("The submission is invalid: unknown problem 'x'\n  limits: cpu too high", error.Message);
    }

    [Fact]
    public void ServerFailureWithoutABody_IsTheStatusAndTheUnreachableCode()
    {
        var error = ServerError.From(HttpStatusCode.BadGateway, "", null, Server, sentKey: false);

        Assert.Equal(ExitCodes.Unreachable, error.ExitCode);
        Assert.Equal("the server at http://127.0.0.1:5180 failed (502): 502 BadGateway", error.Message);
    }
}
