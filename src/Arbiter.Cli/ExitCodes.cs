namespace Arbiter.Cli;

/// <summary>The CLI's exit codes, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>The run was OK (or the submission accepted).</summary>
    public const int Ok = 0;

    /// <summary>The run was not OK (or the submission judged and not accepted).</summary>
    public const int Rejected = 1;

    /// <summary>Bad arguments or unreadable input (for the client commands also what the server
    /// refused as invalid: an unknown problem or language, a missing submission).</summary>
    public const int Usage = 2;

    /// <summary>This machine cannot run sandboxes (not root, no cgroups, launcher missing).</summary>
    public const int Unavailable = 3;

    /// <summary>The server could not be reached, did not answer in time, or failed (HTTP 5xx).</summary>
    public const int Unreachable = 4;

    /// <summary>Not signed in, credentials the server refused, or a role too low (HTTP 401, 403).</summary>
    public const int NotSignedIn = 5;

    /// <summary>The server asked to slow down (HTTP 429); the message says when to try again.</summary>
    public const int RateLimited = 6;
}
