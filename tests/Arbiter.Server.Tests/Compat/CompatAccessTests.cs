using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests.Compat;

/// <summary>The adapters behind the service's own doors, on a server that lets nobody in
/// without a key and whose only worker takes Lua: Jobe's X-API-KEY is an Arbiter key, a run
/// no worker would take and a queue beyond its bound answer Jobe's outcome 21 at once.</summary>
public sealed class CompatAccessTests() : DedicatedServer(new Dictionary<string, string>
{
    ["ARBITER__SERVER__ANONYMOUS"] = "Off",
    ["ARBITER__SERVER__WORKERLANGUAGES"] = "lua",
    ["ARBITER__COMPAT__MAXQUEUEFORSYNCRUNS"] = "1",
})
{
    private static readonly object LuaRun = new { run_spec = new { language_id = "lua", sourcecode = "print(\"ok\")" } };

    [Fact]
    public async Task Jobe_XApiKey_AuthenticatesAndTheQueueBoundAnswersOverload()
    {
        using (var anonymous = await Server.Http.PostAsJsonAsync("/restapi/runs", LuaRun, Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var admin = await AdminKeyClientAsync();
        var key = admin.DefaultRequestHeaders.Authorization!.Parameter!;
        using var jobe = new HttpClient { BaseAddress = Server.Address };
        jobe.DefaultRequestHeaders.Add("X-API-KEY", key);
        Assert.Equal(15, (await RunAsync(jobe, LuaRun)).GetProperty("outcome").GetInt32());

        // A C run: no worker takes C, so it is refused at once rather than left to hang.
        var c = new { run_spec = new { language_id = "c", sourcecode = "int main(void) { return 0; }" } };
        Assert.Equal(21, (await RunAsync(jobe, c)).GetProperty("outcome").GetInt32());

        // Two C submissions queued through the native API (no worker takes them) pass the bound of 1.
        for (var i = 0; i < 2; i++)
        {
            using var queued = await admin.PostAsJsonAsync("/api/v1/submissions", new { language = "c", source = "int main(void) { return 0; }" }, Token);
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        }

        Assert.Equal(21, (await RunAsync(jobe, LuaRun)).GetProperty("outcome").GetInt32());
        using var piston = await admin.PostAsJsonAsync("/api/v2/execute", new { language = "lua", version = "*", files = new[] { new { content = "print(\"ok\")" } } }, Token);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, piston.StatusCode);
    }

    [Fact]
    public async Task Jobe_RevokedOrUnknownArbiterKey_Is401()
    {
        using var jobe = new HttpClient { BaseAddress = Server.Address };
        jobe.DefaultRequestHeaders.Add("X-API-KEY", "arb_" + new string('x', 43));

        using var response = await jobe.PostAsJsonAsync("/jobe/index.php/restapi/runs", LuaRun, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<JsonElement> RunAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("/restapi/runs", body, Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }
}
