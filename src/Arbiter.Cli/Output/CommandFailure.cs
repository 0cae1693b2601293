namespace Arbiter.Cli.Output;

/// <summary>
/// Why an engine command could not give its result, and its exit code: bad arguments or input
/// (<c>usage</c>, <c>language</c>, <c>package</c>: 2), no sandbox here (<c>sandbox</c>: 3), or the
/// judge itself failing (<c>internal</c>: 1, the exit of a judgement that is not accepted, with
/// the verdict IE). With <c>--json</c> it is printed as the command's one JSON object
/// (<c>{"verdict": "IE"|null, "error": {"kind", "message"}}</c>), so scripts always get one.
/// </summary>
internal sealed record CommandFailure(string Kind, string Message, int ExitCode)
{
    public static CommandFailure Usage(string message) => new("usage", message, ExitCodes.Usage);

    public static CommandFailure Language(string message) => new("language", message, ExitCodes.Usage);

    public static CommandFailure Package(string message) => new("package", message, ExitCodes.Usage);

    public static CommandFailure Sandbox(string message) => new("sandbox", message, ExitCodes.Unavailable);

    public static CommandFailure Internal(string message) => new("internal", message, ExitCodes.Rejected);

    /// <summary>Prints the failure (JSON on stdout, or a line on stderr) and returns the exit code.</summary>
    public int Print(string command, bool json)
    {
        if (json)
        {
            RunPrinter.Json(new { verdict = Kind == "internal" ? "IE" : null, error = new { kind = Kind, message = Message } });
        }
        else
        {
            Console.Error.WriteLine($"{command}: {Message}");
        }

        return ExitCode;
    }
}
