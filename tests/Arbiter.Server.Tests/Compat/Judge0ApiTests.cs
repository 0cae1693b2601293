using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Arbiter.Server.Tests.Compat;

/// <summary>Judge0 CE's API as its clients use it, over real HTTP against a real server: Judge0's
/// documented examples replayed, every status produced by a real program, base64 in and out,
/// batches, the callback PUT to a real listener, the fields filter, and hostile requests.</summary>
[Collection(SharedService.Name)]
public sealed class Judge0ApiTests(ServiceFixture fixture)
{
    private const string Api = "/judge0";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Statuses_AreJudge0sFourteen()
    {
        var statuses = await fixture.Server.GetJsonAsync($"{Api}/statuses");

        Assert.Equal(Enumerable.Range(1, 14), statuses.EnumerateArray().Select(s => s.GetProperty("id").GetInt32()));
        Assert.Equal("Runtime Error (NZEC)", statuses[10].GetProperty("description").GetString());
        Assert.Equal("Exec Format Error", statuses[13].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Languages_ListJudge0NumbersAndOneByNumber()
    {
        var languages = await fixture.Server.GetJsonAsync($"{Api}/languages");
        var byId = languages.EnumerateArray().ToDictionary(l => l.GetProperty("id").GetInt32(), l => l.GetProperty("name").GetString()!);
        Assert.StartsWith("C (GCC ", byId[50], StringComparison.Ordinal);
        Assert.StartsWith("Python (3", byId[71], StringComparison.Ordinal);

        // Every number a Judge0 release gave the language names it, not only the listed one.
        var c = await fixture.Server.GetJsonAsync($"{Api}/languages/103");
        Assert.Equal("main.c", c.GetProperty("source_file").GetString());
        Assert.False(c.GetProperty("is_archived").GetBoolean());

        var (status, missing) = await SendAsync(HttpMethod.Get, $"{Api}/languages/9999");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Not Found", missing.GetProperty("error").GetString());
    }

    [Fact]
    public async Task About_ConfigInfoAndWorkers_AnswerJudge0sKeys()
    {
        Assert.Equal("1.13.1", (await fixture.Server.GetJsonAsync($"{Api}/about")).GetProperty("version").GetString());
        var config = await fixture.Server.GetJsonAsync($"{Api}/config_info");
        Assert.True(config.GetProperty("enable_wait_result").GetBoolean());
        Assert.Equal(20, config.GetProperty("max_submission_batch_size").GetInt32());
        Assert.Equal(256 * 1024, config.GetProperty("memory_limit").GetInt32());
        var workers = await fixture.Server.GetJsonAsync($"{Api}/workers");
        Assert.True(workers[0].GetProperty("available").GetInt32() >= 1);
    }

    /// <summary>The example of Judge0's documentation: a C program greeting its stdin, created
    /// (a token at once) and then read by the token until it is finished.</summary>
    [Fact]
    public async Task DocumentedExample_CreateThenGetByToken()
    {
        var source = "#include <stdio.h>\n\nint main(void) {\n  char name[10];\n  scanf(\"%s\", name);\n  printf(\"hello, %s\\n\", name);\n  return 0;\n}\n";
        var (status, created) = await SendAsync(HttpMethod.Post, $"{Api}/submissions", new { source_code = source, language_id = 50, stdin = "world" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(["token"], created.EnumerateObject().Select(p => p.Name));
        var token = created.GetProperty("token").GetString()!;

        var result = await FinishedAsync(token);

        Assert.Equal(3, result.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("Accepted", result.GetProperty("status").GetProperty("description").GetString());
        Assert.Equal("hello, world\n", result.GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("stderr").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("compile_output").ValueKind);
        Assert.Equal(JsonValueKind.String, result.GetProperty("time").ValueKind);
        Assert.True(double.Parse(result.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.True(result.GetProperty("memory").GetInt64() > 0);
        Assert.Equal(token, result.GetProperty("token").GetString());
        Assert.Equal(Judge0DefaultFields, result.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        // The same run is an ordinary submission: the native API shows it under the token.
        Assert.Equal("Judged", (await fixture.Server.GetJsonAsync($"/api/v1/submissions/{token}")).GetProperty("status").GetString());
    }

    private static readonly string[] Judge0DefaultFields = ["compile_output", "memory", "message", "status", "stderr", "stdout", "time", "token"];

    [Theory]
    [InlineData(50, "int main(void) { return missing; }\n", null, 6)]
    [InlineData(50, "int main(void) { volatile int *p = 0; *p = 1; return 0; }\n", null, 7)]
    [InlineData(50, "#include <stdio.h>\nint main(void) { for (;;) fputs(\"spam spam spam spam\\n\", stdout); }\n", null, 8)]
    [InlineData(50, "int main(int argc, char **argv) { (void)argv; return 100 / (argc - 1); }\n", null, 9)]
    [InlineData(50, "#include <stdlib.h>\nint main(void) { abort(); }\n", null, 10)]
    [InlineData(71, "import sys\nsys.exit(3)\n", null, 11)]
    [InlineData(50, "#include <stdlib.h>\n#include <string.h>\nint main(void) { for (;;) { char *p = malloc(1 << 20); memset(p, 1, 1 << 20); } }\n", null, 12)]
    [InlineData(71, "while True:\n    pass\n", null, 5)]
    [InlineData(71, "print('42')\nprint('x')   \n\n", "42\nx\n", 3)]
    [InlineData(71, "print(41)\n", "42\n", 4)]
    public async Task Wait_RealProgram_GetsJudge0sStatus(int language, string source, string? expected, int judge0Status)
    {
        var (status, result) = await SendAsync(HttpMethod.Post, $"{Api}/submissions?wait=true&fields=*", new
        {
            source_code = source,
            language_id = language,
            expected_output = expected,
            cpu_time_limit = 1,
            memory_limit = 65536,
            max_file_size = 64,
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(judge0Status == result.GetProperty("status_id").GetInt32(), result.ToString());
        switch (judge0Status)
        {
            case 6:
                Assert.Contains("main.c:1:25: ", result.GetProperty("compile_output").GetString(), StringComparison.Ordinal);
                Assert.Contains("error: ", result.GetProperty("compile_output").GetString(), StringComparison.Ordinal);
                break;
            case 7:
                Assert.Equal(11, result.GetProperty("exit_signal").GetInt32());
                break;
            case 9:
                Assert.Equal(8, result.GetProperty("exit_signal").GetInt32());
                break;
            case 10:
                Assert.Equal(6, result.GetProperty("exit_signal").GetInt32());
                break;
            case 11:
                Assert.Equal(3, result.GetProperty("exit_code").GetInt32());
                break;
        }

        Assert.Equal("1.0", result.GetProperty("cpu_time_limit").GetString());
        Assert.Equal(65536, result.GetProperty("memory_limit").GetInt32());
        Assert.Equal(language, result.GetProperty("language_id").GetInt32());
    }

    [Fact]
    public async Task Base64_InAndOut_KeepsBytesThatAreNotUtf8()
    {
        var source = "#include <stdio.h>\nint main(void) { int c; while ((c = getchar()) != EOF) putchar(c); fwrite(\"\\xff\\xfe\", 1, 2, stdout); return 0; }\n";
        var (status, result) = await SendAsync(HttpMethod.Post, $"{Api}/submissions?base64_encoded=true&wait=true", new
        {
            source_code = Convert.ToBase64String(Encoding.UTF8.GetBytes(source)),
            language_id = 50,
            stdin = Convert.ToBase64String("héllo "u8.ToArray()),
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(3, result.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal([.. "héllo "u8.ToArray(), 0xff, 0xfe], Convert.FromBase64String(result.GetProperty("stdout").GetString()!));

        // Without base64 the output cannot be JSON text: Judge0's error, with its status.
        var token = result.GetProperty("token").GetString()!;
        var (plainStatus, plain) = await SendAsync(HttpMethod.Get, $"{Api}/submissions/{token}");
        Assert.Equal(HttpStatusCode.BadRequest, plainStatus);
        Assert.Equal("some attributes for this submission cannot be converted to UTF-8, use base64_encoded=true query parameter", plain.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Batch_CreateAndGet_AnswersEachInOrder()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, $"{Api}/submissions/batch", new
        {
            submissions = new object[]
            {
                new { source_code = "print('one')", language_id = 71 },
                new { source_code = "print('two')", language_id = 9999 },
                new { source_code = "console.log('three')", language_id = 63 },
            },
        });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("language with id 9999 doesn't exist", created[1].GetProperty("language_id")[0].GetString());
        var tokens = new[] { created[0].GetProperty("token").GetString()!, created[2].GetProperty("token").GetString()! };
        foreach (var token in tokens)
        {
            await FinishedAsync(token);
        }

        var read = await fixture.Server.GetJsonAsync($"{Api}/submissions/batch?tokens={tokens[0]},{tokens[1]},nosuchtoken&fields=stdout,token");
        var submissions = read.GetProperty("submissions");
        Assert.Equal("one\n", submissions[0].GetProperty("stdout").GetString());
        Assert.Equal("three\n", submissions[1].GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, submissions[2].ValueKind);

        var (tooMany, error) = await SendAsync(
            HttpMethod.Post,
            $"{Api}/submissions/batch",
            new { submissions = Enumerable.Repeat(new { source_code = "print(1)", language_id = 71 }, 21) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Equal("number of submissions in a batch should be less than or equal to 20", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Callback_IsAPutOfTheJudge0Result()
    {
        using var listener = new HookListener();
        var received = listener.ReceiveAsync(failFirst: 0, Token);

        var (status, created) = await SendAsync(HttpMethod.Post, $"{Api}/submissions?base64_encoded=true", new
        {
            source_code = Convert.ToBase64String("print(6 * 7)"u8.ToArray()),
            language_id = 71,
            callback_url = listener.Url,
        });
        Assert.Equal(HttpStatusCode.Created, status);

        var body = JsonDocument.Parse(await received.WaitAsync(TimeSpan.FromSeconds(60), Token)).RootElement;
        Assert.Equal("PUT", listener.Method);
        Assert.Equal(created.GetProperty("token").GetString(), body.GetProperty("token").GetString());
        Assert.Equal(3, body.GetProperty("status").GetProperty("id").GetInt32());
        Assert.Equal("42\n", Encoding.UTF8.GetString(Convert.FromBase64String(body.GetProperty("stdout").GetString()!)));
    }

    [Fact]
    public async Task Fields_FilterTheAnswer_AndAnUnknownOneIs400()
    {
        var (_, result) = await SendAsync(
            HttpMethod.Post,
            $"{Api}/submissions?wait=true&fields=stdout,status_id,language_id,stdin,token",
            new { source_code = "print(input())", language_id = 71, stdin = "echo" });
        Assert.Equal(["language_id", "status_id", "stdin", "stdout", "token"], result.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("echo\n", result.GetProperty("stdout").GetString());
        Assert.Equal("echo", result.GetProperty("stdin").GetString());

        var (status, error) = await SendAsync(HttpMethod.Get, $"{Api}/submissions/{result.GetProperty("token").GetString()}?fields=stdout,nonsense,worse");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid fields: [nonsense, worse]", error.GetProperty("error").GetString());
    }

    [Fact]
    public async Task RedirectStderrAndArguments_AreHonoured()
    {
        var source = "import sys\nprint(' '.join(sys.argv[1:]))\nprint('oops', file=sys.stderr)\n";
        var (_, result) = await SendAsync(
            HttpMethod.Post,
            $"{Api}/submissions?wait=true",
            new { source_code = source, language_id = 71, command_line_arguments = "a  b", redirect_stderr_to_stdout = true });

        Assert.Equal("a b\noops\n", result.GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("stderr").ValueKind);
    }

    [Fact]
    public async Task AdditionalFiles_AreBesideTheSource()
    {
        var zip = Zip(("answer.h", "#define ANSWER 42\n"u8.ToArray()));
        var source = "#include <stdio.h>\n#include \"answer.h\"\nint main(void) { printf(\"%d\\n\", ANSWER); return 0; }\n";
        var (_, result) = await SendAsync(
            HttpMethod.Post,
            $"{Api}/submissions?wait=true",
            new { source_code = source, language_id = 50, compiler_options = "-O2 -Wall", additional_files = Convert.ToBase64String(zip) });

        Assert.Equal("42\n", result.GetProperty("stdout").GetString());
    }

    public static TheoryData<string, string> HostileZips() => new()
    {
        { "traversal", "not a plain file name" },
        { "folder", "not a plain file name" },
        { "bomb", "unpacks to more than" },
        { "entries", "more than the 64" },
        { "garbage", "is not a valid zip archive" },
    };

    [Theory]
    [MemberData(nameof(HostileZips))]
    public async Task AdditionalFiles_HostileZip_Is422(string kind, string message)
    {
        var zip = kind switch
        {
            "traversal" => Zip(("../../etc/evil", "x"u8.ToArray())),
            "folder" => Zip(("dir/file.txt", "x"u8.ToArray())),
            "bomb" => Zip(("zeros", new byte[8 << 20])),
            "entries" => Zip([.. Enumerable.Range(0, 100).Select(i => ($"f{i}", "x"u8.ToArray()))]),
            _ => "this is not a zip at all"u8.ToArray(),
        };

        var (status, error) = await SendAsync(
            HttpMethod.Post,
            $"{Api}/submissions",
            new { source_code = "print(1)", language_id = 71, additional_files = Convert.ToBase64String(zip) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(message, error.GetProperty("additional_files")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostileRequests_GetJudge0sErrors()
    {
        using (var malformed = new StringContent("{\"source_code\": ", Encoding.UTF8, "application/json"))
        using (var response = await fixture.Server.Http.PostAsync($"{Api}/submissions", malformed, Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("not valid JSON", (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var cases = new (object Body, string Query, string Field, string Message)[]
        {
            (new { source_code = "print(1)", language_id = 9999 }, "", "language_id", "language with id 9999 doesn't exist"),
            (new { source_code = "print(1)" }, "", "language_id", "can't be blank"),
            (new { language_id = 71 }, "", "source_code", "can't be blank"),
            (new { source_code = "%%% not base64 %%%", language_id = 71 }, "?base64_encoded=true", "source_code", "is not valid base64"),
            (new { source_code = new string('x', 2 << 20), language_id = 71 }, "", "source_code", "over the limit"),
            (new { source_code = "print(1)", language_id = 71, cpu_time_limit = "soon" }, "", "cpu_time_limit", "is not a number"),
            (new { source_code = "print(1)", language_id = 71, memory_limit = 1 << 30 }, "", "memory_limit", "must be less than or equal to"),
            (new { source_code = "print(1)", language_id = 71, enable_network = true }, "", "enable_network", "enabling network is not allowed"),
            (new { source_code = "print(1)", language_id = 71, compiler_options = "-O2" }, "", "compiler_options", "only allowed for compiled languages"),
            (new { source_code = "print(1)", language_id = 71, callback_url = "ftp://example.com/" }, "", "callback_url", "callbackUrl"),
        };
        foreach (var (body, query, field, message) in cases)
        {
            var (status, error) = await SendAsync(HttpMethod.Post, $"{Api}/submissions{query}", body);
            Assert.True(status == HttpStatusCode.UnprocessableEntity, $"{field}: {(int)status} {error}");
            Assert.Contains(message, error.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        }

        var (notFound, missing) = await SendAsync(HttpMethod.Get, $"{Api}/submissions/00000000-0000-0000-0000-000000000000");
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal("Not Found", missing.GetProperty("error").GetString());
        var (deleted, refusal) = await SendAsync(HttpMethod.Delete, $"{Api}/submissions/anything");
        Assert.Equal(HttpStatusCode.NotFound, deleted);
        Assert.Equal("Not Found", refusal.GetProperty("error").GetString());
    }

    /// <summary>Judge0's DELETE: the submission as it was, base64 whatever was asked (Judge0 forces
    /// it), and then every door says it is gone.</summary>
    [Fact]
    public async Task Delete_Finished_AnswersItBase64_ThenEveryDoorSaysItIsGone()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, $"{Api}/submissions?wait=true", new { source_code = "print('bye')", language_id = 71 });
        var token = created.GetProperty("token").GetString()!;
        Assert.Equal(3, created.GetProperty("status").GetProperty("id").GetInt32());
        var ticket = (await fixture.Server.GetJsonAsync($"/api/v1/submissions/{token}")).GetProperty("ticket").GetString()!;

        var (status, deleted) = await SendAsync(HttpMethod.Delete, $"{Api}/submissions/{token}?base64_encoded=false&fields=stdout,status_id,token");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["status_id", "stdout", "token"], deleted.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("bye\n", Encoding.UTF8.GetString(Convert.FromBase64String(deleted.GetProperty("stdout").GetString()!)));
        Assert.Equal(3, deleted.GetProperty("status_id").GetInt32());
        Assert.Equal(token, deleted.GetProperty("token").GetString());

        foreach (var path in new[]
            {
                $"{Api}/submissions/{token}", $"/api/v1/submissions/{token}", $"/api/v1/submissions/{ticket}", $"/api/v1/submissions/{token}/source",
                $"/api/v1/submissions/batch?ids={token}",
            })
        {
            var (gone, _) = await SendAsync(HttpMethod.Get, path);
            Assert.True(gone == HttpStatusCode.NotFound, $"{path}: {(int)gone}");
        }

        var batch = await fixture.Server.GetJsonAsync($"{Api}/submissions/batch?tokens={token}");
        Assert.Equal(JsonValueKind.Null, batch.GetProperty("submissions")[0].ValueKind);
        var list = await fixture.Server.GetJsonAsync("/api/v1/submissions?limit=500");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), s => s.GetProperty("id").GetString() == token);
        var (again, missing) = await SendAsync(HttpMethod.Delete, $"{Api}/submissions/{token}");
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Equal("Not Found", missing.GetProperty("error").GetString());
        Assert.True((await fixture.Server.GetJsonAsync($"{Api}/config_info")).GetProperty("enable_submission_delete").GetBoolean());
    }

    [Fact]
    public async Task Delete_QueuedOrRunning_IsRefusedWithJudge0sMessage_AndOnceFinishedSucceeds()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, $"{Api}/submissions", new
        {
            source_code = "import time\ntime.sleep(5)\nprint('late')\n",
            language_id = 71,
            cpu_time_limit = 1,
            wall_time_limit = 20,
        });
        var token = created.GetProperty("token").GetString()!;

        var (status, refusal) = await SendAsync(HttpMethod.Delete, $"{Api}/submissions/{token}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = refusal.GetProperty("error").GetString();
        Assert.True(error is "submission cannot be deleted because its status is 1 (In Queue)" or "submission cannot be deleted because its status is 2 (Processing)", error);
        Assert.Equal("late\n", (await FinishedAsync(token)).GetProperty("stdout").GetString());
        var (afterwards, _) = await SendAsync(HttpMethod.Delete, $"{Api}/submissions/{token}");
        Assert.Equal(HttpStatusCode.OK, afterwards);
    }

    private async Task<JsonElement> FinishedAsync(string token)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var result = await fixture.Server.GetJsonAsync($"{Api}/submissions/{token}?base64_encoded=false");
            if (result.GetProperty("status").GetProperty("id").GetInt32() > 2)
            {
                return result;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{token} did not finish: {result}");
            await Task.Delay(50, Token);
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await fixture.Server.Http.SendAsync(request, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
