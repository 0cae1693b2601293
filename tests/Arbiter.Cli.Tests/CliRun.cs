using System.Text;
using System.Text.Json;

namespace Arbiter.Cli.Tests;

/// <summary>What one <c>arbiter</c> process did: exit code, raw stdout, and stderr as text.</summary>
internal sealed record CliRun(int ExitCode, byte[] Stdout, string Stderr)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Stdout as UTF-8; throws if the CLI wrote anything that is not.</summary>
    public string StdoutText => StrictUtf8.GetString(Stdout);

    /// <summary>Stdout parsed as one JSON document.</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Stdout);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout: {Encoding.UTF8.GetString(Stdout)}\nstderr: {Stderr}";
}
