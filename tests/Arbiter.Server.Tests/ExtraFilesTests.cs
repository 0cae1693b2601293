using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests;

/// <summary>A submission's <c>files[]</c> reach the program's run over real HTTP: a helper module
/// it imports and a data file it reads, in a playground run and in a judged submission.</summary>
[Collection(SharedService.Name)]
public sealed class ExtraFilesTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_PythonFilesWithHelperModuleAndDataFile_ImportsAndReadsThem()
    {
        var marker = Random.Shared.Next(1_000_000);
        var files = new object[]
        {
            new { name = "main.py", content = "import helper\nwith open('data.txt') as f:\n    print(helper.twice(int(f.read())))\n" },
            new { name = "helper.py", content = "def twice(x):\n    return 2 * x\n" },
            new { name = "data.txt", content = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{marker}\n")), encoding = "base64" },
        };

        var result = await RunAsync(new { language = "python3", files });

        Assert.Equal("OK", result.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal($"{2 * marker}\n", result.GetProperty("run").GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Run_CProgramReadingADataFile_FindsItBesideTheBinary()
    {
        var marker = Random.Shared.Next(1_000_000);
        var files = new object[]
        {
            new { name = "main.c", content = "#include <stdio.h>\n" +
                "int main(void) { FILE *f = fopen(\"data.txt\", \"r\"); long x; if (!f || fscanf(f, \"%ld\", &x) != 1) return 3; printf(\"%ld\\n\", x * 3); return 0; }\n" },
            new { name = "data.txt", content = $"{marker}\n" },
        };

        var result = await RunAsync(new { language = "c", files });

        Assert.Equal("OK", result.GetProperty("run").GetProperty("status").GetString());
        Assert.Equal($"{3L * marker}\n", result.GetProperty("run").GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Judge_PythonSolutionSplitOverTwoModules_IsAccepted()
    {
        var files = new object[]
        {
            new { name = "main.py", content = "from arithmetic import add\na, b = map(int, input().split())\nprint(add(a, b))\n" },
            new { name = "arithmetic.py", content = $"# {Random.Shared.Next()}\ndef add(a, b):\n    return a + b\n" },
        };

        using var response = await fixture.Server.Http.PostAsJsonAsync("/api/v1/submissions", new { language = "python3", files, problem = "sum" }, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
        var result = (await fixture.Server.WaitFinishedAsync(id)).GetProperty("result");

        Assert.Equal("AC", result.GetProperty("verdict").GetString());
    }

    private async Task<JsonElement> RunAsync(object request)
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync("/api/v1/submissions?wait=true", request, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("result");
    }
}
