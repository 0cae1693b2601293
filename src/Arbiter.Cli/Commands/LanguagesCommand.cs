using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Reports;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter languages [--json]</c>: every language with its probed version, packages
/// and self-test result. A language whose toolchain is missing is listed as unavailable.</summary>
internal static class LanguagesCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON array." };
        var languages = new Command("languages", "List the languages, their versions and packages, and whether their self-tests pass.") { json };
        languages.SetAction(async (parse, cancellationToken) =>
        {
            await using var engine = EngineContext.Create();
            var probe = new LanguageProbe(engine.Pool, engine.Builder);
            try
            {
                var statuses = await Task.WhenAll(engine.Languages.Languages.Select(l => probe.ProbeAsync(l, cancellationToken)));
                if (parse.GetValue(json))
                {
                    RunPrinter.Json(statuses);
                }
                else
                {
                    foreach (var s in statuses)
                    {
                        var packages = s.Packages.Count == 0 ? "" : "  " + string.Join(", ", s.Packages.Select(p => $"{p.Key} {p.Value ?? "missing"}"));
                        var state = s.Available ? "ok" : "UNAVAILABLE";
                        Console.WriteLine($"{s.Id,-12} {s.Name,-22} {state,-12} {s.Version ?? "-"}{packages}");
                        if (s.Problem is not null)
                        {
                            Console.WriteLine($"{"",-12} {s.Problem}");
                        }
                    }
                }

                return ExitCodes.Ok;
            }
            catch (SandboxUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                return ExitCodes.Unavailable;
            }
        });
        return languages;
    }
}
