using System.CommandLine;
using Arbiter.Engine.Building;
using Arbiter.Engine.Languages;
using Arbiter.Engine.Running;
using Arbiter.Sandbox;

namespace Arbiter.Cli.Commands;

/// <summary>
/// <c>arbiter images self-test</c>: the build step of every worker image. Runs each language's
/// self-test in the sandbox, as a worker does at start, and fails when any does not pass, so a
/// broken toolchain fails the image build. Its build cache is thrown away: nothing is left in the
/// image's layer.
/// </summary>
internal static class ImagesSelfTest
{
    public static Command Create()
    {
        var command = new Command("self-test", "Run every language's self-test in the sandbox; exit 1 if any fails (the worker images' build step).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cache = Directory.CreateTempSubdirectory("arbiter-self-test-");
            try
            {
                var catalog = LanguageCatalog.Load(ImagesCommand.LanguageDirectory());
                var options = new SandboxOptions();
                // A build step without the sandbox's privileges says which are missing, not what
                // the first language's run tripped over.
                SandboxHostCheck.ThrowIfMissing(options);
                await using var pool = new SandboxPool(options);
                var builder = new ProgramBuilder(pool, new BuildCache(cache.FullName));
                var probe = new LanguageProbe(pool, new SourceRunner(builder));
                var statuses = await Task.WhenAll(catalog.Languages.Select(l => probe.ProbeAsync(l, cancellationToken)));
                foreach (var status in statuses)
                {
                    Console.WriteLine($"{status.Id,-12} {(status.Available ? "ok" : "FAILED"),-7} {status.Version ?? "-"}{(status.Problem is null ? "" : "  " + status.Problem)}");
                }

                var failed = statuses.Count(s => !s.Available);
                if (failed > 0)
                {
                    await Console.Error.WriteLineAsync($"arbiter images self-test: {failed} of {statuses.Length} languages failed their self-test.");
                    return ExitCodes.Rejected;
                }

                return ExitCodes.Ok;
            }
            catch (LanguageSpecException e)
            {
                await Console.Error.WriteLineAsync($"arbiter images self-test: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (SandboxUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"arbiter images self-test: {OneLine(e.Message)}");
                return ExitCodes.Unavailable;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A build log ends with one line saying what broke, never a stack trace: anything
                // else the sandbox throws here means it cannot work in this image's build.
                await Console.Error.WriteLineAsync($"arbiter images self-test: the sandbox failed: {OneLine(e.Message)}");
                return ExitCodes.Unavailable;
            }
            finally
            {
                cache.Delete(recursive: true);
            }
        });
        return command;
    }

    /// <summary>The launcher's stderr may follow a message on lines of its own.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
