namespace Arbiter.Engine.Problems;

/// <summary>
/// What a package asks for that Arbiter reads past, one warning each, so a package written for
/// another tool (the 2025-09 format's additions above all) still loads and is judged with what is
/// supported, and its author learns what was left out instead of guessing. docs/problems.md lists
/// the same things.
/// </summary>
internal static class UnsupportedFeatures
{
    public static void Warn(LoadContext context, bool multiPass, bool interactive)
    {
        if (multiPass && interactive)
        {
            context.Warnings.Add("problem.yaml: interactive multi-pass problems are judged on their first pass only (the interactor's nextpass.in is not run)");
        }
        else if (multiPass)
        {
            context.Warnings.Add("problem.yaml: multi-pass: the validator's feedback directory starts empty on each pass (only nextpass.in is carried over, as the next input)");
        }

        if (Directory.Exists(Path.Combine(context.Root, "static_validator")))
        {
            context.Warnings.Add("static_validator/: static validation is not supported; submissions are judged on their tests only");
        }

        if (File.Exists(Path.Combine(context.Root, "submissions", "submissions.yaml")))
        {
            context.Warnings.Add("submissions/submissions.yaml: its rules (permitted, required, score, message, language, entrypoint) are not checked; " +
                "each submission is held to its folder's default rule");
        }
    }
}
