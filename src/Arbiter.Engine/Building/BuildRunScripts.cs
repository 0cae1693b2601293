using System.Formats.Tar;
using Arbiter.Engine.Languages;
using Arbiter.Sandbox;

namespace Arbiter.Engine.Building;

/// <summary>
/// Programs that bring their own <c>build</c> and/or <c>run</c> script, as the problem package
/// format allows for a program directory (problemtools' "BuildRun" programs): <c>build</c>, when
/// present, must be executable and runs once, in (a copy of) the program's directory, inside the
/// sandbox with the compile limits; afterwards <c>run</c> must exist and be executable, and it is
/// the program. Everything the directory then holds (what the build made included) is the
/// program's files for every run. A missing execute bit is refused as problemtools refuses it
/// ("build is not executable", "did not produce an executable called run"), never fixed up.
/// </summary>
/// <remarks>
/// The sandbox brings back named files only, and a build may leave any files: the build command
/// packs the work dir into one tar, which is read back here entry by entry (regular files and
/// directories only, names checked, sizes bounded by the sandbox's collect limit).
/// </remarks>
public static class BuildRunScripts
{
    /// <summary>The language id such programs are built and run as.</summary>
    public const string Id = "build-run";

    private const string Archive = ".arbiter-program.tar";
    private const int MaxEntries = 10_000;

    /// <summary>POSIX sh, run in the work dir. A failing build script is a compile failure (exit
    /// 1) whatever its own exit code, so a script that exits 127 is not taken for a missing
    /// toolchain; tar itself missing is (the judge's fault).</summary>
    private const string BuildCommand = """
        if [ -e build ]; then
          if [ ! -x build ]; then echo "build is not executable" >&2; exit 1; fi
          ./build || { status=$?; echo "the build script failed with exit code $status" >&2; exit 1; }
          if [ ! -f run ] || [ ! -x run ]; then echo 'the build script did not produce an executable called "run"' >&2; exit 1; fi
        elif [ ! -x run ]; then
          echo "run is not executable" >&2; exit 1
        fi
        exec /usr/bin/tar --create --file=.arbiter-program.tar --exclude=./.arbiter-program.tar .
        """;

    /// <summary>
    /// The language of such programs. The version command names what the format lets scripts
    /// assume is on the path (a C and a C++ compiler, Python 3), so the build cache key changes
    /// when one of them is upgraded.
    /// </summary>
    public static LanguageSpec Language { get; } = new()
    {
        Id = Id,
        Name = "build/run scripts",
        Extensions = [],
        SourceFile = "build",
        Compile = new CompileStep(["/bin/sh", "-c", BuildCommand], [Archive], "text") { SymbolChecks = false },
        Run = ["./run"],
        Version = ["/bin/sh", "-c", "echo POSIX sh with /usr/bin/cc /usr/bin/c++ /usr/bin/python3"],
        Limits = new LanguageLimits { Processes = 128, CompileSeconds = 60, CompileMemoryMiB = 2048 },
        SelfTest = new SelfTest("", "", ""),
    };

    /// <summary>Whether <paramref name="language"/> is <see cref="Language"/>.</summary>
    public static bool Is(LanguageSpec language) => language.Id == Id && ReferenceEquals(language.Compile, Language.Compile);

    /// <summary>The files the build left, or why they cannot be used.</summary>
    internal static (List<SandboxFile>? Files, string? Problem) Unpack(byte[] archive)
    {
        var files = new List<SandboxFile>();
        try
        {
            using var reader = new TarReader(new MemoryStream(archive, writable: false));
            while (reader.GetNextEntry() is { } entry)
            {
                var name = entry.Name.StartsWith("./", StringComparison.Ordinal) ? entry.Name[2..] : entry.Name;
                name = name.TrimEnd('/');
                if (name.Length == 0 || name == "." || name == Archive)
                {
                    continue;
                }

                if (files.Count >= MaxEntries)
                {
                    return (null, $"the build left more than {MaxEntries} files");
                }

                if (name.Split('/').Any(part => part is "" or "." or ".."))
                {
                    return (null, $"the build left a file with an unusable name ('{name}')");
                }

                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        continue;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        var content = new byte[entry.Length];
                        entry.DataStream?.ReadExactly(content);
                        files.Add(new SandboxFile(name, content, Executable: (entry.Mode & UnixFileMode.UserExecute) != 0));
                        break;
                    default:
                        return (null, $"the build left '{name}', a {entry.EntryType} rather than a regular file; a program's files must be regular files");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException)
        {
            return (null, $"the build's files could not be read back ({e.Message})");
        }

        // The run script first: a program's first executable is what tools such as nm look at.
        return (files.OrderBy(f => f.Name == "run" ? 0 : 1).ToList(), null);
    }
}
