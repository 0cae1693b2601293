using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests.Compat;

/// <summary>Piston's API v2 over real HTTP against a real server, and the real npm client
/// <c>piston-client</c> (installed by scripts/setup.sh) driven by node against it.</summary>
[Collection(SharedService.Name)]
public sealed class PistonApiTests(ServiceFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("python", "import sys\nprint(int(input()) * 2, sys.argv[1:])\n", "10 ['a', 'b']\n")]
    [InlineData("c", "#include <stdio.h>\nint main(int argc, char **argv) { int n; scanf(\"%d\", &n); printf(\"%d %s\\n\", n * 2, argv[argc - 1]); return 0; }\n", "10 b\n")]
    [InlineData("javascript", "const n = Number(require('fs').readFileSync(0, 'utf8')); console.log(n * 2, process.argv.slice(2).join(','));\n", "10 a,b\n")]
    public async Task PistonClient_RunsCodeOnArbiter(string language, string code, string expected)
    {
        var root = RepositoryRoot();
        var client = Path.Combine(root, "tests", "Arbiter.Server.Tests", "Compat", "piston-client");
        Assert.True(Directory.Exists(Path.Combine(client, "node_modules", "piston-client")), "piston-client is not installed: run scripts/setup.sh");
        var file = Path.Combine(Directory.CreateTempSubdirectory("arbiter-piston-").FullName, "code");
        await File.WriteAllTextAsync(file, code, Token);

        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = client };
        foreach (var argument in new[] { "run.mjs", fixture.Server.Address.ToString(), language, file })
        {
            info.ArgumentList.Add(argument);
        }

        using var node = Process.Start(info)!;
        var output = node.StandardOutput.ReadToEndAsync(Token);
        var errors = node.StandardError.ReadToEndAsync(Token);
        await node.WaitForExitAsync(Token);
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);

        Assert.True(node.ExitCode == 0, await errors);
        var answer = JsonDocument.Parse(await output).RootElement;
        Assert.True(answer.GetProperty("runtimes").GetInt32() >= 3, answer.ToString());
        var result = answer.GetProperty("result");
        Assert.Equal(language, result.GetProperty("language").GetString());
        Assert.Equal(expected, result.GetProperty("run").GetProperty("stdout").GetString());
        Assert.Equal(0, result.GetProperty("run").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Runtimes_ListLanguagesWithSemverAndAliases()
    {
        var runtimes = (await fixture.Server.GetJsonAsync("/api/v2/piston/runtimes")).EnumerateArray().ToList();

        var python = Assert.Single(runtimes, r => r.GetProperty("language").GetString() == "python");
        Assert.Matches(@"^\d+\.\d+\.\d+$", python.GetProperty("version").GetString());
        Assert.Contains("py", python.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var cpp = Assert.Single(runtimes, r => r.GetProperty("language").GetString() == "c++");
        Assert.Equal("gcc", cpp.GetProperty("runtime").GetString());
    }

    [Fact]
    public async Task Execute_ByAliasWithExtraFileAndLimits_ReportsTheRun()
    {
        var body = new
        {
            language = "py",
            version = "3.x",
            files = new object[]
            {
                new { name = "main.py", content = "import helper\nprint(helper.VALUE)\n" },
                new { name = "helper.py", content = Convert.ToBase64String(Encoding.UTF8.GetBytes("VALUE = 41 + 1\n")), encoding = "base64" },
            },
            run_timeout = 3000,
            run_memory_limit = 128_000_000,
        };

        var result = await ExecuteAsync(body);

        Assert.Equal("python", result.GetProperty("language").GetString());
        Assert.Equal("42\n", result.GetProperty("run").GetProperty("output").GetString());
    }

    [Fact]
    public async Task Execute_CompileErrorAndSignal_ReportThemAsPistonDoes()
    {
        var broken = await ExecuteAsync(new { language = "c", version = "*", files = new[] { new { content = "int main(void) { return missing; }" } } });
        Assert.NotEqual(0, broken.GetProperty("compile").GetProperty("code").GetInt32());
        Assert.Contains("missing", broken.GetProperty("compile").GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.False(broken.TryGetProperty("run", out _));

        var crash = await ExecuteAsync(new { language = "c", version = "*", files = new[] { new { content = "int main(void) { volatile int *p = 0; *p = 1; return 0; }" } } });
        Assert.Equal("SIGSEGV", crash.GetProperty("run").GetProperty("signal").GetString());
        Assert.Equal(JsonValueKind.Null, crash.GetProperty("run").GetProperty("code").ValueKind);

        var slow = await ExecuteAsync(new { language = "python", version = "*", files = new[] { new { content = "while True: pass" } }, run_timeout = 1000 });
        Assert.Equal("TO", slow.GetProperty("run").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("{\"version\": \"*\", \"files\": [{\"content\": \"x\"}]}", "language is required as a string")]
    [InlineData("{\"language\": \"python\", \"version\": \"*\"}", "files is required as an array")]
    [InlineData("{\"language\": \"cobra\", \"version\": \"*\", \"files\": [{\"content\": \"x\"}]}", "cobra-* runtime is unknown")]
    [InlineData("{\"language\": \"python\", \"version\": \"1.0.0\", \"files\": [{\"content\": \"x\"}]}", "python-1.0.0 runtime is unknown")]
    [InlineData("{\"language\": \"python\", \"files\": [{\"content\": \"@@\", \"encoding\": \"base64\"}]}", "files[0].content is not valid base64")]
    [InlineData("{\"language\": \"python\", \"files\": [{\"content\": \"x\"}], \"run_timeout\": \"soon\"}", "run_timeout must be a positive number")]
    [InlineData("not json", "The request body must be a JSON object")]
    public async Task Execute_BadRequest_Is400WithPistonsMessage(string body, string message)
    {
        using var response = await fixture.Server.Http.PostAsync("/api/v2/execute", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> ExecuteAsync(object body)
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync("/api/v2/execute", body, Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Arbiter.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no Arbiter.slnx above the tests");
    }
}
