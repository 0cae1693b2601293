namespace Arbiter.Autoscaling.Control;

/// <summary>
/// A pool of workers scaled together: its name (the Deployment is <c>arbiter-worker-NAME</c>, the
/// containers <c>arbiter-NAME-N</c>) and the languages its workers take jobs in (empty: all), the
/// way the paper has one "runlang" service per language.
/// </summary>
public sealed record WorkerPool(string Name, IReadOnlyList<string> Languages)
{
    /// <summary>Parses <c>NAME</c> or <c>NAME=lang1,lang2</c>.</summary>
    public static WorkerPool Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('=', 2);
        var name = parts[0].Trim();
        if (name.Length is 0 or > 40 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || name[0] == '-' || name[^1] == '-')
        {
            throw new ArgumentException($"pool name '{name}': use 1-40 lower-case letters, digits and inner hyphens (it names processes, containers and Deployments)");
        }

        var languages = parts.Length > 1 ? parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        if (languages.Any(l => l.Length > 64 || !l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '.')))
        {
            throw new ArgumentException($"pool '{name}': language ids are letters, digits, '-', '_', '+' and '.'");
        }

        return new WorkerPool(name, languages);
    }

    public bool Takes(string language) => Languages.Count == 0 || Languages.Contains(language, StringComparer.Ordinal);
}
