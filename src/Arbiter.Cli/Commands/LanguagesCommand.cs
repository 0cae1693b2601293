using System.CommandLine;
using Arbiter.Cli.Output;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter languages [ID...] [--json]</c>: every language (or the ones named) with its
/// probed version, packages and self-test result. A language that cannot run here is listed with
/// why: the Debian packages it lacks, or how its self-test failed.</summary>
internal static class LanguagesCommand
{
    public static Command Create()
    {
        var ids = new Argument<string[]>("id") { Description = "Languages to check (default: all of them).", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON array." };
        var languages = new Command("languages", "List the languages, their versions and packages, whether their self-tests pass, and why one cannot run.") { ids, json };
        languages.SetAction(async (parse, cancellationToken) =>
        {
            EngineContext engine;
            try
            {
                engine = EngineContext.Create();
            }
            catch (LanguageSpecException e)
            {
                await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                return ExitCodes.Usage;
            }

            await using (engine)
            {
                var wanted = parse.GetValue(ids) ?? [];
                if (wanted.FirstOrDefault(id => engine.Languages.Find(id) is null) is { } unknown)
                {
                    await Console.Error.WriteLineAsync($"arbiter: no language '{unknown}' (known: {string.Join(", ", engine.Languages.Languages.Select(l => l.Id))})");
                    return ExitCodes.Usage;
                }

                var chosen = wanted.Length == 0 ? engine.Languages.Languages : wanted.Select(id => engine.Languages.Find(id)!).ToList();
                var probe = new LanguageProbe(engine.Pool, engine.Runs);
                try
                {
                    var statuses = await Task.WhenAll(chosen.Select(l => probe.ProbeAsync(l, cancellationToken)));
                    if (parse.GetValue(json))
                    {
                        RunPrinter.Json(statuses);
                    }
                    else
                    {
                        Print(statuses);
                    }

                    return ExitCodes.Ok;
                }
                catch (SandboxUnavailableException e)
                {
                    await Console.Error.WriteLineAsync($"arbiter: {e.Message}");
                    return ExitCodes.Unavailable;
                }
            }
        });
        return languages;
    }

    private static void Print(LanguageStatus[] statuses)
    {
        foreach (var s in statuses)
        {
            var packages = s.Packages.Count == 0 ? "" : "  " + string.Join(", ", s.Packages.Select(p => $"{p.Key} {p.Value ?? "missing"}"));
            Console.WriteLine($"{s.Id,-12} {s.Name,-24} {State(s),-14} {s.Version ?? "-"}{packages}");
            if (s.Problem is not null)
            {
                Console.WriteLine($"{"",-12} {s.Problem}");
            }
        }

        var notInstalled = statuses.Where(s => !s.Available && s.MissingPackages.Count > 0).Select(s => s.Id).ToList();
        var failing = statuses.Count(s => !s.Available && s.MissingPackages.Count == 0);
        Console.WriteLine($"{statuses.Length} languages: {statuses.Count(s => s.Available)} available, {notInstalled.Count} not installed, {failing} failing their self-test.");
        if (notInstalled.Count > 0)
        {
            Console.WriteLine($"To install them: scripts/setup.sh --languages {(notInstalled.Count > 8 ? "all" : "default," + string.Join(",", notInstalled))}");
        }
    }

    private static string State(LanguageStatus status) => status switch
    {
        { Available: true } => "ok",
        { MissingPackages.Count: > 0 } => "not installed",
        { Version: null } => "unavailable",
        _ => "self-test fails",
    };
}
