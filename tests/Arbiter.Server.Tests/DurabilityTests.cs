using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>Nothing accepted is lost: a submission stored by an API-only process (no workers) is
/// judged after the service restarts on the same data with workers.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("arbiter-restart-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Submission_AcceptedBeforeARestart_IsJudgedAfterIt()
    {
        string id;
        await using (var api = await ServerProcess.StartAsync(_data, role: "api"))
        {
            using var response = await api.Http.PostAsJsonAsync(
                "/api/v1/submissions",
                new { language = "python3", source = "print('survived')" },
                TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
            id = accepted.GetProperty("id").GetString()!;
            Assert.Equal(0, (await api.GetJsonAsync($"/api/v1/submissions/{id}")).GetProperty("queuePosition").GetInt64());
            api.Kill();
        }

        await using var service = await ServerProcess.StartAsync(_data);
        var finished = await service.WaitFinishedAsync(id);

        Assert.Equal("survived\n", finished.GetProperty("result").GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(1, finished.GetProperty("attempts").GetInt32());
    }
}
