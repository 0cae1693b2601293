using System.Text.Json;
using System.Text.Json.Nodes;

namespace Arbiter.Server.Features.Submissions;

/// <summary>
/// Keeps a problem's secret test data from the students it judges. In a judged result each
/// secret (non-sample) test keeps its name, verdict, time, memory and score, and loses its diff
/// (the expected output), checker message (which may quote it) and stderr (a program can print
/// its input there). Samples, and problems whose <c>reveal_secret_tests</c> is set, are shown in full.
/// </summary>
internal static class SecretTests
{
    private static readonly string[] Revealing = ["diff", "message", "stderr"];

    public static JsonElement Hidden(string resultJson)
    {
        var result = JsonNode.Parse(resultJson);
        if (result is JsonObject report && report["tests"] is JsonArray tests && report["revealSecretTests"]?.GetValue<bool>() != true)
        {
            foreach (var test in tests.OfType<JsonObject>().Where(t => t["sample"]?.GetValue<bool>() != true))
            {
                foreach (var field in Revealing)
                {
                    if (test[field] is not null)
                    {
                        test[field] = null;
                    }
                }

                test["hidden"] = true;
            }
        }

        return JsonSerializer.SerializeToElement(result);
    }
}
