namespace Arbiter.Bench;

/// <summary>The exit codes of <c>arbiter bench</c>: the values <c>arbiter</c> gives every command
/// (src/Arbiter.Cli/ExitCodes.cs), for the cases a benchmark meets.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments (a count out of range, a malformed connection string).</summary>
    public const int Usage = 2;

    /// <summary>This machine cannot run what was asked (no PostgreSQL to start, no sandbox).</summary>
    public const int Unavailable = 3;

    /// <summary>The given database could not be reached.</summary>
    public const int Unreachable = 4;
}
