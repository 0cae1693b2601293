namespace Arbiter.Cli;

/// <summary>The CLI's exit codes, the same for every command.</summary>
internal static class ExitCodes
{
    /// <summary>The run was OK (or the submission accepted).</summary>
    public const int Ok = 0;

    /// <summary>The run was not OK (or the submission rejected).</summary>
    public const int Rejected = 1;

    /// <summary>Bad arguments or unreadable input.</summary>
    public const int Usage = 2;

    /// <summary>This machine cannot run sandboxes (not root, no cgroups, launcher missing).</summary>
    public const int Unavailable = 3;
}
