namespace Arbiter.Engine.Problems;

/// <summary>
/// What a package asks for that Arbiter reads past, one warning each, so a package written for
/// another tool (the 2025-09 format's additions above all) still loads and is judged with what is
/// supported, and its author learns what was left out instead of guessing. docs/problems.md lists
/// the same things.
/// </summary>
internal static class UnsupportedFeatures
{
    public static void Warn(LoadContext context, bool multiPass)
    {
        if (multiPass)
        {
            context.Warnings.Add("problem.yaml: multi-pass problems are judged on the first pass only (a validator's nextpass.in is not run)");
        }

        if (Directory.Exists(Path.Combine(context.Root, "static_validator")))
        {
            context.Warnings.Add("static_validator/: static validation is not supported; submissions are judged on their tests only");
        }

        if (File.Exists(Path.Combine(context.Root, "submissions", "submissions.yaml")))
        {
            context.Warnings.Add("submissions/submissions.yaml: its rules (permitted, required, score, message, language, entrypoint) are not checked; each submission is held to its folder's default rule");
        }
    }
}
