using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests.Compat;

/// <summary>Jobe's REST API as CodeRunner uses it, over real HTTP against a real server: each
/// outcome produced by a real program, Jobe's errors, the file PUT/HEAD/run flow, bytes that are
/// not UTF-8, and both of Jobe's path prefixes.</summary>
[Collection(SharedService.Name)]
public sealed class JobeApiTests(ServiceFixture fixture)
{
    private const string Api = "/jobe/index.php/restapi";

    private static readonly string[] TwoArgs = ["x", "y"];
    private static readonly string[] Define = ["-DVALUE=7"];
    private static readonly string[] MathLibrary = ["-lm"];
    private static readonly string[] LastArg = ["last"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Languages_ListJobeIdsWithVersions()
    {
        var languages = await fixture.Server.GetJsonAsync($"{Api}/languages");

        var pairs = languages.EnumerateArray().ToDictionary(p => p[0].GetString()!, p => p[1].GetString());
        Assert.Contains("c", pairs.Keys);
        Assert.Contains("python3", pairs.Keys);
        Assert.Contains("nodejs", pairs.Keys);
        Assert.DoesNotContain("javascript", pairs.Keys);
        Assert.False(string.IsNullOrEmpty(pairs["c"]));
    }

    [Theory]
    [InlineData("c", "#include <stdio.h>\nint main(void) { int n; scanf(\"%d\", &n); printf(\"%d\\n\", n * 2); return 0; }\n", 15)]
    [InlineData("c", "int main(void) { return missing; }\n", 11)]
    [InlineData("python3", "import sys\nsys.exit(3)\n", 12)]
    [InlineData("c", "int main(void) { volatile int *p = 0; *p = 1; return 0; }\n", 12)]
    [InlineData("python3", "while True:\n    pass\n", 13)]
    [InlineData("c", "#include <stdlib.h>\n#include <string.h>\nint main(void) { for (;;) { char *p = malloc(1 << 20); memset(p, 1, 1 << 20); } }\n", 17)]
    public async Task Run_RealProgram_GetsJobesOutcome(string language, string source, int outcome)
    {
        var result = await RunAsync(new { language_id = language, sourcecode = source, input = "21\n", parameters = new { cputime = 1, memorylimit = 64 } });

        Assert.Equal(outcome, result.GetProperty("outcome").GetInt32());
        if (outcome == 15)
        {
            Assert.Equal("42\n", result.GetProperty("stdout").GetString());
        }
        else if (outcome == 11)
        {
            Assert.Contains("missing", result.GetProperty("cmpinfo").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Jobe runs every submission at once and answers a results request with a 404
    /// naming why, under both prefixes.</summary>
    [Theory]
    [InlineData("/jobe/index.php/restapi/runresults/42")]
    [InlineData("/restapi/runresults/abc")]
    [InlineData("/restapi/runresults")]
    public async Task RunResults_IsJobes404(string path)
    {
        using var response = await fixture.Server.Http.GetAsync(path, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("runresults_get: unimplemented, as all submissions run immediately.", await response.Content.ReadFromJsonAsync<string>(Token));
    }

    [Fact]
    public async Task Run_JavaPublicClassNamedBySourceFileName_RunsIt()
    {
        var source = "public class Greeter {\n    public static void main(String[] args) { System.out.println(\"hi \" + args.length); }\n}\n";

        var result = await RunAsync(new { language_id = "java", sourcecode = source, sourcefilename = "Greeter.java", parameters = new { runargs = TwoArgs } });

        Assert.Equal(15, result.GetProperty("outcome").GetInt32());
        Assert.Equal("hi 2\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Run_CompileArgsAndRunArgs_AreHonoured()
    {
        var source = "#include <stdio.h>\nint main(int argc, char **argv) { printf(\"%d %s\\n\", VALUE, argv[argc - 1]); return 0; }\n";

        var result = await RunAsync(new { language_id = "c", sourcecode = source, parameters = new { compileargs = Define, linkargs = MathLibrary, runargs = LastArg } });

        Assert.Equal(15, result.GetProperty("outcome").GetInt32());
        Assert.Equal("7 last\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Run_OutputThatIsNotUtf8_KeepsItsBytesEscaped()
    {
        var source = "import sys\nsys.stdout.buffer.write(b'caf\\xe9 \\xff!\\n')\n";

        var result = await RunAsync(new { language_id = "python3", sourcecode = source });

        Assert.Equal(15, result.GetProperty("outcome").GetInt32());
        Assert.Equal("caf\\xe9 \\xff!\n", result.GetProperty("stdout").GetString());
    }

    [Fact]
    public async Task Run_Utf8Output_IsReturnedAsIs()
    {
        var result = await RunAsync(new { language_id = "python3", sourcecode = "print('héllo ✓')\n" });

        Assert.Equal("héllo ✓\n", result.GetProperty("stdout").GetString());
    }

    [Theory]
    [InlineData("{\"run_spec\": {\"sourcecode\": \"x\"}}", "runs_post: missing language_id")]
    [InlineData("{\"run_spec\": {\"language_id\": \"c\"}}", "runs_post: missing sourcecode")]
    [InlineData("{\"run_spec\": {\"language_id\": \"cobra\", \"sourcecode\": \"x\"}}", "Language 'cobra' is not known")]
    [InlineData("{\"nothing\": 1}", "runs_post: missing or invalid run_spec parameter")]
    [InlineData("not json", "runs_post: missing or invalid run_spec parameter")]
    [InlineData("{\"run_spec\": {\"language_id\": \"c\", \"sourcecode\": \"x\", \"parameters\": {\"cputime\": \"lots\"}}}", "runs_post: parameter cputime must be a number")]
    [InlineData(
        "{\"run_spec\": {\"language_id\": \"c\", \"sourcecode\": \"x\", \"parameters\": {\"linkargs\": [\"-lcrypto\"]}}}",
        "runs_post: linkargs '-lcrypto' is not supported")]
    [InlineData(
        "{\"run_spec\": {\"language_id\": \"python3\", \"sourcecode\": \"x\", \"parameters\": {\"interpreterargs\": [\"-O\"]}}}",
        "runs_post: interpreterargs '-O' is not supported")]
    [InlineData("{\"run_spec\": {\"language_id\": \"python3\", \"sourcecode\": \"x\", \"parameters\": {\"compileargs\": [\"-O\"]}}}", "runs_post: compileargs are not supported")]
    [InlineData("{\"run_spec\": {\"language_id\": \"c\", \"sourcecode\": \"x\", \"parameters\": {\"cputime\": 100000}}}", "runs_post: limits:")]
    public async Task Run_BadRunSpec_Is400WithJobesMessage(string body, string message)
    {
        using var response = await fixture.Server.Http.PostAsync($"{Api}/runs", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadFromJsonAsync<string>(Token);
        Assert.StartsWith(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_PutHeadAndRun_FlowAsCodeRunnerDoesIt()
    {
        var id = "test-" + Guid.NewGuid().ToString("N");
        var data = Encoding.UTF8.GetBytes($"{Random.Shared.Next(1000)}\n");
        var run = new { language_id = "python3", sourcecode = "print(int(open('numbers.txt').read()) + 1)\n", file_list = new[] { new[] { id, "numbers.txt" } } };

        using (var head = await Head(id))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        using (var missing = await fixture.Server.Http.PostAsJsonAsync($"{Api}/runs", new { run_spec = run }, Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var put = await fixture.Server.Http.PutAsJsonAsync($"{Api}/files/{id}", new { file_contents = Convert.ToBase64String(data) }, Token))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using (var again = await fixture.Server.Http.PutAsJsonAsync($"{Api}/files/{id}", new { file_contents = Convert.ToBase64String(data) }, Token))
        {
            Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        }

        using (var head = await Head(id))
        {
            Assert.Equal(HttpStatusCode.NoContent, head.StatusCode);
        }

        var result = await RunAsync(run);
        Assert.Equal(15, result.GetProperty("outcome").GetInt32());
        Assert.Equal($"{int.Parse(Encoding.UTF8.GetString(data), System.Globalization.CultureInfo.InvariantCulture) + 1}\n", result.GetProperty("stdout").GetString());
    }

    [Theory]
    [InlineData("{\"file_contents\": \"@@not base64@@\"}", "put: contents of file")]
    [InlineData("{\"other\": 1}", "put: missing file_contents parameter")]
    public async Task Files_BadPut_Is400WithJobesMessage(string body, string message)
    {
        using var response = await fixture.Server.Http.PutAsync($"{Api}/files/bad", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(message, await response.Content.ReadFromJsonAsync<string>(Token), StringComparison.Ordinal);
    }

    /// <summary>Jobe made the id a file name; here an id that is not letters, digits, '-', '_'
    /// or '.' (or is too long) is refused, never stored, and never found.</summary>
    [Theory]
    [InlineData("has%20space")]
    [InlineData("semi%3Bcolon")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("caf%C3%A9")]
    public async Task Files_IdThatIsNotJobeShaped_Is400_AndNeverFound(string id)
    {
        using (var response = await fixture.Server.Http.PutAsJsonAsync($"{Api}/files/{id}", new { file_contents = "QUJD" }, Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("put: file id '", await response.Content.ReadFromJsonAsync<string>(Token), StringComparison.Ordinal);
        }

        using (var head = await Head(id))
        {
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }

        using var run = await fixture.Server.Http.PostAsJsonAsync($"{Api}/runs", new
        {
            run_spec = new { language_id = "python3", sourcecode = "print(1)\n", file_list = new[] { new[] { Uri.UnescapeDataString(id), "x.txt" } } },
        }, Token);
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
    }

    [Fact]
    public async Task Files_IdLongerThanTheStoreKeeps_Is400()
    {
        using var response = await fixture.Server.Http.PutAsJsonAsync($"{Api}/files/{new string('a', 201)}", new { file_contents = "QUJD" }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not valid", await response.Content.ReadFromJsonAsync<string>(Token), StringComparison.Ordinal);
        using var longest = await fixture.Server.Http.PutAsJsonAsync($"{Api}/files/{new string('a', 200)}", new { file_contents = "QUJD" }, Token);
        Assert.True(longest.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Run_UnderTheShortPrefix_IsTheSameApi()
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync(
            "/restapi/runs",
            new { run_spec = new { language_id = "nodejs", sourcecode = "console.log(6 * 7)\n" } },
            Token);

        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(15, result.GetProperty("outcome").GetInt32());
        Assert.Equal("42\n", result.GetProperty("stdout").GetString());
        // The run is an ordinary submission: the native API finds it by the run_id.
        var submission = await fixture.Server.GetJsonAsync($"/api/v1/submissions/{result.GetProperty("run_id").GetString()}");
        Assert.Equal("javascript", submission.GetProperty("language").GetString());
    }

    private Task<HttpResponseMessage> Head(string id) =>
        fixture.Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Api}/files/{id}"), Token);

    private async Task<JsonElement> RunAsync(object spec)
    {
        using var response = await fixture.Server.Http.PostAsJsonAsync($"{Api}/runs", new { run_spec = spec }, Token);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Token)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }
}
