using System.Net;

namespace Arbiter.Cli.Client;

/// <summary>Why a client command cannot go on (the server unreachable, credentials refused, a
/// request the server rejected, an unreadable config file): one line for people and the exit
/// code that says which. Commands catch it in one place and never show a stack trace.</summary>
internal sealed class ClientException : Exception
{
    public ClientException()
    {
    }

    public ClientException(string message)
        : base(message)
    {
    }

    public ClientException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ClientException(string message, int exitCode, HttpStatusCode? status = null)
        : base(message)
    {
        ExitCode = exitCode;
        Status = status;
    }

    /// <summary>One of <see cref="ExitCodes"/>.</summary>
    public int ExitCode { get; } = ExitCodes.Usage;

    /// <summary>The server's answer, when it was an HTTP error.</summary>
    public HttpStatusCode? Status { get; }
}
