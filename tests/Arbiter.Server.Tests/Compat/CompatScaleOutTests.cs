using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests.Compat;

/// <summary>
/// The adapters over several API processes sharing one real PostgreSQL, behind what would be a
/// load balancer without sticky sessions: a file PUT through Jobe's API on one process is there
/// for HEAD and runs on another, under one bound for both; a Judge0 submission deleted through
/// one is gone on the other, and a process with deletion off answers Judge0's refusal.
/// </summary>
public sealed class CompatScaleOutTests() : PostgresProcessTests("arbiter-compat-scale-")
{
    private const string Jobe = "/jobe/index.php/restapi";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JobeFile_PutThroughOneApiProcess_IsSeenByHeadAndRunOnAnother_UnderOneBound()
    {
        var (apiProcess, allProcess) = await StartAsync(both: new() { ["ARBITER__COMPAT__JOBEFILECACHEMIB"] = "1" }, apiOnly: new());
        await using var api = apiProcess;
        await using var all = allProcess;
        // CodeRunner's kind of id: the MD5 of the content, in hex.
        var id = "0b7a9ad4e4a6c1cb6b8e0ba1a56a5e9f";

        Assert.Equal(HttpStatusCode.NotFound, await HeadAsync(api, id));
        Assert.Equal(HttpStatusCode.Created, await PutAsync(all, id, Encoding.UTF8.GetBytes("41\n")));

        Assert.Equal(HttpStatusCode.NoContent, await HeadAsync(api, id));
        using (var run = await api.Http.PostAsJsonAsync($"{Jobe}/runs", new
        {
            run_spec = new { language_id = "python3", sourcecode = "print(int(open('n.txt').read()) + 1)\n", file_list = new[] { new[] { id, "n.txt" } } },
        }, Token))
        {
            var result = await run.Content.ReadFromJsonAsync<JsonElement>(Token);
            Assert.True(run.StatusCode == HttpStatusCode.OK, result.ToString());
            Assert.Equal(15, result.GetProperty("outcome").GetInt32());
            Assert.Equal("42\n", result.GetProperty("stdout").GetString());
        }

        // The same id again, through the other process: it was there already.
        Assert.Equal(HttpStatusCode.NoContent, await PutAsync(api, id, Encoding.UTF8.GetBytes("41\n")));

        // One MiB for both processes: two files of 600 KiB do not fit; the older one goes, for both.
        Assert.Equal(HttpStatusCode.Created, await PutAsync(api, "older", new byte[600 * 1024]));
        Assert.Equal(HttpStatusCode.Created, await PutAsync(all, "newer", Enumerable.Repeat((byte)1, 600 * 1024).ToArray()));
        Assert.Equal(HttpStatusCode.NotFound, await HeadAsync(api, "older"));
        Assert.Equal(HttpStatusCode.NotFound, await HeadAsync(all, "older"));
        Assert.Equal(HttpStatusCode.NoContent, await HeadAsync(api, "newer"));

        // Larger than the whole cache: Jobe's kind of error, and nothing stored.
        using (var huge = await all.Http.PutAsJsonAsync($"{Jobe}/files/huge", new { file_contents = Convert.ToBase64String(new byte[(1 << 20) + 1]) }, Token))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
            Assert.Contains("more than this server's file cache holds (1048576 bytes)", await huge.Content.ReadFromJsonAsync<string>(Token), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, await HeadAsync(api, "huge"));
        Assert.Equal(HttpStatusCode.NoContent, await HeadAsync(api, "newer"));
    }

    [Fact]
    public async Task Judge0Delete_ThroughOneProcess_IsGoneOnTheOther_AndRefusedWhereItIsOff()
    {
        var (apiProcess, allProcess) = await StartAsync(both: new(), apiOnly: new() { ["ARBITER__COMPAT__JUDGE0SUBMISSIONDELETE"] = "false" });
        await using var api = apiProcess;
        await using var all = allProcess;
        using var created = await api.Http.PostAsJsonAsync("/judge0/submissions?wait=true", new { source_code = "print('shared')", language_id = 71 }, Token);
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("token").GetString()!;
        Assert.Equal("shared\n", (await all.GetJsonAsync($"/judge0/submissions/{token}")).GetProperty("stdout").GetString());

        using (var off = await api.Http.DeleteAsync($"/judge0/submissions/{token}", Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, off.StatusCode);
            Assert.Equal("delete not allowed", (await off.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error").GetString());
        }

        Assert.False((await api.GetJsonAsync("/judge0/config_info")).GetProperty("enable_submission_delete").GetBoolean());
        using (var deleted = await all.Http.DeleteAsync($"/judge0/submissions/{token}", Token))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        using var gone = await api.Http.GetAsync($"/api/v1/submissions/{token}", Token);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    /// <summary>An API process and a whole service (API and worker) over one new database, both
    /// with the settings <paramref name="both"/>, the API process with <paramref name="apiOnly"/> too.</summary>
    private async Task<(ServerProcess Api, ServerProcess All)> StartAsync(Dictionary<string, string> both, Dictionary<string, string> apiOnly)
    {
        var database = await Postgres.CreateDatabaseAsync(Token);
        var environment = new Dictionary<string, string>(both)
        {
            ["ARBITER__STORAGE__PROVIDER"] = "postgres",
            ["ARBITER__STORAGE__CONNECTIONSTRING"] = Postgres.ConnectionString(database),
        };
        var all = await ServerProcess.StartAsync(NewDirectory(), "all", environment);
        try
        {
            var api = await ServerProcess.StartAsync(NewDirectory(), "api", new Dictionary<string, string>(environment.Concat(apiOnly)));
            return (api, all);
        }
        catch
        {
            await all.DisposeAsync();
            throw;
        }
    }

    private static async Task<HttpStatusCode> PutAsync(ServerProcess server, string id, byte[] content)
    {
        using var response = await server.Http.PutAsJsonAsync($"{Jobe}/files/{id}", new { file_contents = Convert.ToBase64String(content) }, Token);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> HeadAsync(ServerProcess server, string id)
    {
        using var response = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Jobe}/files/{id}"), Token);
        return response.StatusCode;
    }
}
