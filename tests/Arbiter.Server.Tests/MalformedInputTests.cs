using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Arbiter.Server.Tests;

/// <summary>Inputs that answered 500: non-finite or huge time limits, and an admin's member
/// changes on a course that does not exist. Each is a 4xx ProblemDetails now; the OpenAPI
/// fuzz (<see cref="OpenApiFuzzTests"/>) looks for the ones nobody has thought of.</summary>
public sealed class MalformedInputTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "off",
    ["ARBITER__SERVER__SUBMISSIONINTERVALSECONDS"] = "0",
})
{
    private static readonly string[] BadTimes = ["\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e308", "-1e308", "1e400", "\"1e400\"", "-0.5", "1e15"];

    [Fact]
    public async Task Submit_NonFiniteOrHugeTimeLimit_Is400_AloneAndInABatch()
    {
        using var admin = await AdminKeyClientAsync();
        foreach (var value in BadTimes)
        {
            foreach (var field in new[] { "cpuTimeMs", "wallTimeMs" })
            {
                var one = "{\"language\":\"python3\",\"source\":\"print(1)\",\"limits\":{\"" + field + "\":" + value + "}}";
                await AssertBadRequestAsync(admin, "/api/v1/submissions", one);
                await AssertBadRequestAsync(admin, "/api/v1/submissions/batch", "{\"submissions\":[" + one + "]}");
            }
        }
    }

    [Fact]
    public async Task Members_OfACourseThatDoesNotExist_Are404ForAnAdmin()
    {
        using var admin = await AdminKeyClientAsync();

        using var list = await admin.GetAsync("/api/v1/courses/no-such-course/members", Token);
        using var add = await admin.PostAsJsonAsync("/api/v1/courses/no-such-course/members", new { user = "root", role = "student" }, Token);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (list.StatusCode, add.StatusCode));
        Assert.Equal("application/problem+json", add.Content.Headers.ContentType?.MediaType);
    }

    private static async Task AssertBadRequestAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(path, content, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path} {json}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
