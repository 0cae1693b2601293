namespace Arbiter.Engine.Analysis.Functions;

/// <summary>
/// Per language, the constructs that start processes or end the program without naming the C
/// function a rule bans. Needed where the symbols cannot tell: a Go binary is static (nm finds no
/// undefined symbol, and its syscalls are Go code), and Rust's Command links fork and
/// posix_spawnp with no "fork(" in the source to point at.
/// </summary>
internal static class FunctionEquivalents
{
    private static readonly string[] Execs = ["execve", "execveat", "execv", "execvp", "execvpe", "execl", "execlp", "execle", "fexecve"];

    /// <summary>Everything that runs another program: a rule banning any of these means "no
    /// child processes", which a language's process API breaks whichever of them it uses.</summary>
    private static readonly string[] Processes = ["system", "popen", "fork", "vfork", "clone", "posix_spawn", "posix_spawnp", .. Execs];

    private static readonly string[] Exits = ["exit", "_exit", "_Exit", "quick_exit"];

    private static readonly FunctionEquivalent[] Go =
    [
        new("exec.Command", Processes, ["exec.Command", "exec.CommandContext", "\"os/exec\""], ["os/exec.(*Cmd).Start"]),
        new("os.StartProcess", Processes, ["os.StartProcess", "syscall.ForkExec", "syscall.StartProcess"], ["os.StartProcess", "syscall.forkExec"]),
        new("syscall.Exec", Execs, ["syscall.Exec"], ["syscall.Exec"]),
        new("a raw fork system call", ["fork", "vfork", "clone"], ["SYS_FORK", "SYS_VFORK", "SYS_CLONE", "SYS_CLONE3"], []),
        new("a raw execve system call", Execs, ["SYS_EXECVE", "SYS_EXECVEAT"], []),
        new("os.Exit", Exits, ["os.Exit", "syscall.Exit"], ["os.Exit"]),
    ];

    private static readonly FunctionEquivalent[] Rust =
    [
        new("std::process::Command", Processes, ["Command::new", "process::Command"], ["Command>::spawn", "std::process::Command::spawn"]),
        new("std::process::exit", Exits, ["process::exit"], ["std::process::exit"]),
        new("std::process::abort", ["abort"], ["process::abort"], ["std::process::abort"]),
    ];

    /// <summary>The equivalents of a language (by its id), none for languages whose symbols say
    /// it all (C, C++).</summary>
    public static IReadOnlyList<FunctionEquivalent> For(string? language) => language switch
    {
        "go" => Go,
        "rust" => Rust,
        _ => [],
    };
}
