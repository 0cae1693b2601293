using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arbiter.Cli.Client;

/// <summary>What the client commands print with --json: the server's JSON, indented.</summary>
internal static class ClientJson
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        // For a terminal, not a web page: keep ‘quotes’ and names readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Print(JsonElement element) => Console.Out.WriteLine(JsonSerializer.Serialize(element, Indented));

    public static void Print(JsonNode node) => Console.Out.WriteLine(node.ToJsonString(Indented));
}
