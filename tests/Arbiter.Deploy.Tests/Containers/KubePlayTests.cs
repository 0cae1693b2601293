using System.Net.Http.Json;
using System.Text.Json;

namespace Arbiter.Deploy.Tests.Containers;

/// <summary>
/// A submission judged by pods that <c>podman kube play</c> started from the rendered dev overlay:
/// the API, a worker pool per language and PostgreSQL, each as its manifest describes it
/// (security context, capabilities, volumes, settings, Secret), with the adaptations
/// <see cref="KubePlayManifests"/> lists. Skipped, saying why, where the container tests do not run.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class KubePlayTests(KubePlayDeployment deployment) : IClassFixture<KubePlayDeployment>
{
    [Theory]
    [InlineData("c", "#include <stdio.h>\nint main(void) { long a, b; scanf(\"%ld %ld\", &a, &b); printf(\"%ld\\n\", a + b); return 0; }\n")]
    [InlineData("python3", "a, b = map(int, input().split())\nprint(a + b)\n")]
    public async Task Submission_IsJudged_ByPodsPlayedFromTheRenderedDevOverlay(string language, string source)
    {
        Assert.SkipWhen(Podman.SkipReason is not null, Podman.SkipReason ?? "");

        using var response = await deployment.Http.PostAsJsonAsync(
            "/api/v1/submissions?wait=true",
            new { language, source, stdin = "40 2\n" },
            TestContext.Current.CancellationToken);
        var submission = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.True(submission.GetProperty("status").GetString() == "Judged", $"{submission}\n{await deployment.LogsAsync()}");
        var run = submission.GetProperty("result").GetProperty("run");
        Assert.Equal("42\n", run.GetProperty("stdout").GetString());
        Assert.Equal("OK", run.GetProperty("status").GetString());
    }
}
