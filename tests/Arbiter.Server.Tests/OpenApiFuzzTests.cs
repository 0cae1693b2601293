using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Arbiter.Server.Tests;

/// <summary>
/// Walks the live OpenAPI document of a real server and sends every route, as its admin,
/// malformed ids, query values and bodies (broken JSON, wrong types, non-finite and huge numbers,
/// NUL, deep nesting, invalid UTF-8, each property of the route's schema set wrong in turn). No
/// answer may be a 5xx. Bounded: a first pass gives every route a few of each kind, and later
/// passes stop when the time budget is spent.
/// </summary>
public sealed class OpenApiFuzzTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "off",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
})
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(75);

    private static readonly string[] Ids =
    [
        "x", "0", "-1", "%00", "..%2F..%2Fetc%2Fpasswd", "%FF%FE", "%F0%9F%92%A9", "'%20OR%201%3D1--", new('a', 3000), "%20",
    ];

    private static readonly string[] QueryValues = ["", "-1", "0", "99999999999999999999", "NaN", "%00", "true", "x,,y", new('q', 3000), "%FF"];

    private static readonly string[] RawBodies =
    [
        "", "{", "null", "[]", "\"text\"", "0", "{\"a\":", "{\"a\":1}", "{\"submissions\":null}", new string('[', 5000) + new string(']', 5000),
        "{\"x\":\"\\ud800\"}", "{\"x\":1e400}",
    ];

    private static readonly JsonNode?[] WrongValues =
    [
        null, "", -1, 0, 1e308, -1e308, "NaN", "Infinity", true, new JsonArray(), new JsonObject(), new string('v', 20_000), "\u0000", "2024-13-45T99:99:99Z",
        new JsonArray(1, "a", null), long.MaxValue, long.MinValue, 0.5,
    ];

    [Fact]
    public async Task EveryRoute_MalformedIdsQueriesAndBodies_NeverAnswers5xx()
    {
        using var admin = await AdminKeyClientAsync();
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json", Token))!;
        var requests = Requests(document).ToList();
        Assert.True(requests.Count > 200, $"only {requests.Count} requests made from the document");

        // First every route gets its first variants, then the rest as time allows.
        var ordered = requests.GroupBy(r => r.Route).SelectMany(g => g.Select((r, i) => (r, i))).OrderBy(x => x.i).Select(x => x.r).ToList();
        var failures = new List<string>();
        var routes = new HashSet<string>(StringComparer.Ordinal);
        var sent = 0;
        var clock = Stopwatch.StartNew();
        foreach (var request in ordered)
        {
            if (clock.Elapsed > Budget && routes.Count == requests.Select(r => r.Route).Distinct().Count())
            {
                break;
            }

            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path);
            if (request.Body is { } body)
            {
                message.Content = new ByteArrayContent(body);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
            }

            using var response = await admin.SendAsync(message, Token);
            sent++;
            routes.Add(request.Route);
            if ((int)response.StatusCode >= 500)
            {
                var shown = request.Body is null ? "" : Encoding.UTF8.GetString(request.Body.AsSpan(0, Math.Min(request.Body.Length, 200)));
                failures.Add($"{request.Method} {Shorten(request.Path)} {shown} → {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync(Token))}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests answered 5xx:\n{string.Join('\n', failures.Take(40))}");
        Assert.True(sent >= requests.Select(r => r.Route).Distinct().Count(), "every route was tried");
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static IEnumerable<FuzzRequest> Requests(JsonNode document)
    {
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                var route = $"{verb} {template}";
                var parameters = (operation!["parameters"]?.AsArray() ?? []).OfType<JsonNode>().ToList();
                var query = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
                var paths = template.Contains('{', StringComparison.Ordinal) ? Ids.Select(id => Fill(template, id)).ToList() : [template];
                var content = operation["requestBody"]?["content"]?.AsObject();
                var contentType = content?.Select(c => c.Key).FirstOrDefault() ?? "application/json";
                var bodies = Bodies(document, content, contentType).ToList();

                foreach (var path in paths)
                {
                    yield return new FuzzRequest(route, verb, path, bodies.Count > 0 ? bodies[0] : null, contentType);
                }

                foreach (var name in query)
                {
                    foreach (var value in QueryValues)
                    {
                        yield return new FuzzRequest(route, verb, $"{paths[0]}?{name}={value}", bodies.Count > 0 ? bodies[0] : null, contentType);
                    }
                }

                foreach (var body in bodies.Skip(1))
                {
                    yield return new FuzzRequest(route, verb, paths[0], body, contentType);
                }
            }
        }
    }

    private static string Fill(string template, string value)
    {
        var path = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                i = template.IndexOf('}', i);
                path.Append(value);
            }
            else
            {
                path.Append(template[i]);
            }
        }

        return path.ToString();
    }

    /// <summary>Broken bodies for every route that takes one, then the route's schema with each
    /// property set wrong in turn.</summary>
    private static IEnumerable<byte[]> Bodies(JsonNode document, JsonObject? content, string contentType)
    {
        if (content is null)
        {
            yield break;
        }

        if (!contentType.Contains("json", StringComparison.Ordinal))
        {
            yield return [0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe];
            yield return [];
            yield return Encoding.UTF8.GetBytes(new string('z', 100_000));
            yield break;
        }

        foreach (var raw in RawBodies)
        {
            yield return Encoding.UTF8.GetBytes(raw);
        }

        yield return [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d];
        var schema = Resolve(document, content[contentType]?["schema"]);
        foreach (var property in (schema?["properties"]?.AsObject() ?? []).Select(p => p.Key))
        {
            foreach (var wrong in WrongValues)
            {
                yield return Encoding.UTF8.GetBytes(new JsonObject { [property] = wrong?.DeepClone() }.ToJsonString());
            }

            // The property's own object with every field wrong (limits, files…).
            var inner = Resolve(document, schema!["properties"]![property]);
            var nested = inner?["properties"]?.AsObject() ?? (inner?["items"] is { } items ? Resolve(document, items)?["properties"]?.AsObject() : null);
            foreach (var field in (nested ?? []).Select(p => p.Key))
            {
                foreach (var wrong in WrongValues.Take(10))
                {
                    var one = new JsonObject { [field] = wrong?.DeepClone() };
                    yield return Encoding.UTF8.GetBytes(new JsonObject { [property] = inner?["items"] is null ? one : new JsonArray(one) }.ToJsonString());
                }
            }
        }
    }

    private static JsonNode? Resolve(JsonNode document, JsonNode? schema)
    {
        for (var i = 0; i < 5 && schema?["$ref"] is { } reference; i++)
        {
            schema = document["components"]?["schemas"]?[((string)reference!).Split('/')[^1]];
        }

        return schema;
    }

    private sealed record FuzzRequest(string Route, string Method, string Path, byte[]? Body, string ContentType);
}
