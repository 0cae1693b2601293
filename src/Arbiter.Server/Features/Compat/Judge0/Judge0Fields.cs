namespace Arbiter.Server.Features.Compat.Judge0;

/// <summary>Judge0's <c>?fields=</c>: a comma-separated list of submission attributes, <c>*</c>
/// for all; without it, Judge0's default eight. An unknown name is Judge0's 400.</summary>
internal static class Judge0Fields
{
    public static readonly IReadOnlyList<string> Default = ["stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status"];

    public static readonly IReadOnlyList<string> All =
    [
        "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id", "created_at", "finished_at",
        "time", "memory", "stderr", "token", "number_of_runs", "cpu_time_limit", "cpu_extra_time", "wall_time_limit",
        "memory_limit", "stack_limit", "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
        "enable_per_process_and_thread_memory_limit", "max_file_size", "compile_output", "exit_code", "exit_signal",
        "message", "wall_time", "compiler_options", "command_line_arguments", "redirect_stderr_to_stdout",
        "callback_url", "additional_files", "enable_network", "status", "language",
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    /// <summary>The fields asked for, or the names that are not fields.</summary>
    public static (IReadOnlyList<string>? Fields, IReadOnlyList<string> Invalid) Parse(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return (Default, []);
        }

        var names = query.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Contains("*"))
        {
            return (All, []);
        }

        var invalid = names.Where(n => !Known.Contains(n)).ToList();
        return invalid.Count > 0 ? (null, invalid) : (names.Distinct(StringComparer.Ordinal).ToList(), []);
    }
}
