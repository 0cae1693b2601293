using Arbiter.Server.Features.Submissions;

namespace Arbiter.Server.Features.Compat.Jobe;

/// <summary>
/// A Jobe run_spec as an Arbiter playground run, or the reason it cannot be one in Jobe's words.
/// <c>cputime</c> (s), <c>memorylimit</c> (MB; 0 is Jobe's "no limit": the server's default),
/// <c>numprocs</c>, <c>compileargs</c> (added to the language's compiler flags) and <c>runargs</c>
/// (the program's arguments) are honoured. <c>linkargs</c> and <c>interpreterargs</c> are accepted
/// only when the language's own command already holds each one (<c>-lm</c> for C), since Arbiter's
/// commands are the language files', not the request's; anything else is refused, never dropped.
/// </summary>
internal static class JobeRequests
{
    public static async Task<(SubmissionRequest? Request, string? Error, int Status)> ToSubmissionAsync(
        JobeRunSpec spec,
        CompatLanguages languages,
        JobeFileCache files,
        CancellationToken cancellationToken)
    {
        if (languages.ByJobeId(spec.LanguageId) is not { } compat)
        {
            return (null, $"Language '{spec.LanguageId}' is not known", StatusCodes.Status400BadRequest);
        }

        var language = compat.Language;
        if (spec.SourceFileName is { } name && !IsPlainName(name))
        {
            return (null, $"runs_post: sourcefilename '{name}' is not a plain file name", StatusCodes.Status400BadRequest);
        }

        var compile = language.Compile?.Command ?? [];
        if (spec.CompileArgs.Count > 0 && !compile.Contains("{flags}"))
        {
            return (null, $"runs_post: compileargs are not supported for {spec.LanguageId} on this server (its build takes no compiler flags)", StatusCodes.Status400BadRequest);
        }

        if (spec.LinkArgs.FirstOrDefault(a => !compile.Contains(a)) is { } link)
        {
            return (null, $"runs_post: linkargs '{link}' is not supported for {spec.LanguageId} on this server (it links with: " +
                $"{string.Join(' ', compile.Where(a => a.StartsWith("-l", StringComparison.Ordinal)))})", StatusCodes.Status400BadRequest);
        }

        if (spec.InterpreterArgs.FirstOrDefault(a => !language.Run.Contains(a)) is { } interpreter)
        {
            return (null, $"runs_post: interpreterargs '{interpreter}' is not supported for {spec.LanguageId} on this server (it runs: " +
                $"{string.Join(' ', language.Run)})", StatusCodes.Status400BadRequest);
        }

        // The source keeps the language's file name: Java finds the public class whatever the file
        // is called (languages/java.yaml), so Jobe's sourcefilename rule for Java holds without it.
        var submitted = new List<SubmissionFile> { new(language.SourceFile, spec.SourceCode, "utf-8") };
        foreach (var (id, fileName) in spec.Files)
        {
            if (await files.GetAsync(id, cancellationToken) is not { } content)
            {
                return (null, "One or more of the specified files is missing/unavailable", StatusCodes.Status404NotFound);
            }

            submitted.Add(new SubmissionFile(fileName, Convert.ToBase64String(content), "base64"));
        }

        return (new SubmissionRequest
        {
            Language = language.Id,
            Files = submitted,
            Stdin = spec.Input ?? "",
            Args = spec.RunArgs,
            CompilerFlags = spec.CompileArgs,
            Limits = Limits(spec),
        }, null, StatusCodes.Status200OK);
    }

    /// <summary>Jobe's limits as Arbiter's. Jobe sends no wall limit: the intake gives the one
    /// wall-time rule every run gets (<see cref="Arbiter.Sandbox.SandboxLimits.WallTimeFor"/>) and
    /// checks them all against the server's maxima.</summary>
    private static LimitsRequest? Limits(JobeRunSpec spec)
    {
        if (spec.CpuTimeSeconds is null && spec.MemoryLimitMiB is null or 0 && spec.NumProcs is null)
        {
            return null;
        }

        var cpuMs = spec.CpuTimeSeconds * 1000;
        return new LimitsRequest(cpuMs, null, spec.MemoryLimitMiB is 0 ? null : spec.MemoryLimitMiB, spec.NumProcs, null);
    }

    private static bool IsPlainName(string name) =>
        name.Length <= 255 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);
}
