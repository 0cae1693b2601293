using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>
/// What a Judge0 submission needs beyond the run itself, stored with it (a <c>judge0</c> member of
/// its request JSON, which workers do not read) so that any API process can answer a GET of its
/// token, and the callback dispatcher of any process can PUT it Judge0's way. Never given to the
/// program: <see cref="ExpectedOutput"/> is not a file of the run.
/// </summary>
/// <param name="LanguageId">The Judge0 language number it was sent with.</param>
/// <param name="ExpectedOutput">The output it is compared with (null: none, the run is Accepted by its exit).</param>
/// <param name="RedirectStderrToStdout">Whether stderr is shown after stdout, as one stream.</param>
/// <param name="Base64">Whether its callback is sent base64-encoded (the <c>base64_encoded</c> it was created with).</param>
/// <param name="CompilerOptions">As sent, to show back.</param>
/// <param name="CommandLineArguments">As sent, to show back.</param>
internal sealed record Judge0Meta(
    [property: JsonPropertyName("languageId")] int LanguageId,
    [property: JsonPropertyName("expectedOutput")] byte[]? ExpectedOutput,
    [property: JsonPropertyName("redirectStderrToStdout")] bool RedirectStderrToStdout,
    [property: JsonPropertyName("base64")] bool Base64,
    [property: JsonPropertyName("compilerOptions")] string? CompilerOptions,
    [property: JsonPropertyName("commandLineArguments")] string? CommandLineArguments)
{
    private const string Member = "judge0";

    /// <summary>The request JSON with this added.</summary>
    public string AttachTo(string requestJson)
    {
        var node = JsonNode.Parse(requestJson)!.AsObject();
        node[Member] = JsonSerializer.SerializeToNode(this, ServerJson.Options);
        return node.ToJsonString(ServerJson.Options);
    }

    /// <summary>What a submission's request JSON holds for Judge0, or null for one not sent through Judge0.</summary>
    public static Judge0Meta? ReadFrom(string requestJson)
    {
        using var document = JsonDocument.Parse(requestJson);
        return document.RootElement.TryGetProperty(Member, out var meta) ? meta.Deserialize<Judge0Meta>(ServerJson.Options) : null;
    }
}
