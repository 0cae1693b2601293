using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arbiter.Cli.Client;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter submit FILE (--problem ID | --assignment ID) [--language ID] [--wait] [--json]</c>:
/// sends a source file to the server to be judged. The language comes from the file's extension
/// (as the server's languages list them) unless given. With --wait it polls until the
/// submission is judged and prints it as its attempt page shows it; the exit code is then 0 for
/// accepted and 1 for any other verdict.
/// </summary>
internal static class SubmitCommand
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Command Create()
    {
        var options = new ClientOptions();
        var file = new Argument<FileInfo>("file") { Description = "The source file." };
        var problem = new Option<string?>("--problem") { Description = "The problem to judge it against." };
        var assignment = new Option<string?>("--assignment") { Description = "The assignment to submit it to (instead of --problem)." };
        var language = new Option<string?>("--language") { Description = "Language id; default: from the file's extension." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the verdict and print the result (exit 0 accepted, 1 not accepted)." };
        var json = new Option<bool>("--json") { Description = "Print the server's JSON (with --wait: the finished submission)." };
        var submit = new Command("submit", "Submit a source file to the server to be judged.") { file, problem, assignment, language, wait, json };
        options.AddTo(submit);
        ClientOptions.SetAction(submit, async (parse, cancellationToken) =>
        {
            var source = parse.GetValue(file)!;
            var (problemId, assignmentId) = (parse.GetValue(problem), parse.GetValue(assignment));
            if ((problemId is null) == (assignmentId is null))
            {
                throw new ClientException("give --problem ID or --assignment ID (one of them)", ExitCodes.Usage);
            }

            var text = Read(source);
            var connection = options.Resolve(parse);
            using var client = connection.Open();
            var languageId = parse.GetValue(language) ?? await LanguageOfAsync(client, source.Name, cancellationToken);
            var body = new JsonObject { ["language"] = languageId, ["source"] = text };
            body[problemId is not null ? "problem" : "assignment"] = problemId ?? assignmentId;

            var accepted = await client.PostAsync("api/v1/submissions", body, cancellationToken);
            var id = accepted.Text("id") ?? throw new ClientException("the server accepted the submission but sent no id", ExitCodes.Unreachable);
            var printJson = parse.GetValue(json);
            if (!parse.GetValue(wait))
            {
                if (printJson)
                {
                    ClientJson.Print(accepted);
                }
                else
                {
                    await Console.Out.WriteLineAsync($"id      {id}\nticket  {accepted.Text("ticket")}\nstatus  {accepted.Text("status")}");
                }

                return ExitCodes.Ok;
            }

            await Console.Error.WriteLineAsync($"arbiter: submitted {source.Name} ({languageId}) to {problemId ?? $"assignment {assignmentId}"}: ticket {accepted.Text("ticket")}");
            JsonElement finished;
            try
            {
                finished = await new SubmissionWaiter(client, WaitProgress.ForStandardError()).WaitAsync(id, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"arbiter submit: stopped waiting; submission {accepted.Text("ticket")} goes on (see arbiter attempts)");
                return 130;
            }

            if (printJson)
            {
                ClientJson.Print(finished);
            }
            else
            {
                SubmissionPrinter.Print(Console.Out, finished);
            }

            return finished.Text("status") == "Judged" && SubmissionPrinter.Verdict(finished) is "AC" or "OK" ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        return submit;
    }

    private static string Read(FileInfo source)
    {
        try
        {
            return StrictUtf8.GetString(File.ReadAllBytes(source.FullName));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClientException($"cannot read '{source.FullName}': {e.Message}", ExitCodes.Usage);
        }
        catch (DecoderFallbackException)
        {
            throw new ClientException($"'{source.FullName}' is not UTF-8 text", ExitCodes.Usage);
        }
    }

    /// <summary>The language whose extensions (as the server lists them) end the file's name.</summary>
    private static async Task<string> LanguageOfAsync(ArbiterClient client, string fileName, CancellationToken cancellationToken)
    {
        var languages = await client.GetAsync("api/v1/languages", cancellationToken);
        var all = languages.ValueKind == JsonValueKind.Array ? languages.EnumerateArray().ToList() : [];
        var extension = Path.GetExtension(fileName);
        // Exact case first: ".C" is C++ to some, ".c" is C.
        foreach (var comparison in new[] { StringComparison.Ordinal, StringComparison.OrdinalIgnoreCase })
        {
            var match = all.FirstOrDefault(l => extension.Length > 0 && l.Items("extensions").Any(e => string.Equals(e.GetString(), extension, comparison)));
            if (match.Text("id") is { } id)
            {
                return id;
            }
        }

        var ids = string.Join(", ", all.Select(l => l.Text("id")).OfType<string>());
        throw new ClientException($"cannot tell the language of '{fileName}' from its extension; pass --language (one of {ids})", ExitCodes.Usage);
    }
}
