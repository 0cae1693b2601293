using System.Globalization;
using System.Text.RegularExpressions;

namespace Arbiter.Engine.Analysis.Valgrind;

/// <summary>Plain-words sentences for memcheck records, written for a student who has not used
/// valgrind: what went wrong, where (file:line), and what memory it concerned.</summary>
internal static partial class ValgrindSummaries
{
    public static string Describe(ValgrindError e, IReadOnlyList<IReadOnlyList<ValgrindFrame>> stacks)
    {
        var at = e.Where?.Location ?? "an unknown place";
        var sentence = e.Kind switch
        {
            ValgrindErrorKind.InvalidRead => Access("read", "reading", e, at),
            ValgrindErrorKind.InvalidWrite => Access("write", "writing", e, at),
            ValgrindErrorKind.UninitCondition => $"A decision (if, while, ?:) at {at} depends on an uninitialised value{Origin(e)} — give the variable a value before using it",
            ValgrindErrorKind.UninitValue => $"An uninitialised value is used at {at}{Origin(e)} — give the variable a value before using it",
            ValgrindErrorKind.SyscallParam => $"{e.What.Replace("Syscall param ", "The system call argument ", StringComparison.Ordinal)} at {at}{Origin(e)}",
            ValgrindErrorKind.InvalidFree => InvalidFree(e, at),
            ValgrindErrorKind.MismatchedFree => MismatchedFree(e, at, stacks),
            ValgrindErrorKind.InvalidJump => $"Jump to an invalid address at {at} (a call through a bad function pointer, or a corrupted stack)",
            ValgrindErrorKind.Overlap => $"{e.What} at {at}: source and destination overlap",
            ValgrindErrorKind.LeakDefinitelyLost => Leak(e, at, "lost", " — free it before main returns"),
            ValgrindErrorKind.LeakIndirectlyLost => Leak(e, at, "lost indirectly", " (only another lost block pointed to it) — free it when you free that block"),
            ValgrindErrorKind.LeakPossiblyLost => Leak(e, at, "possibly lost", " (only a pointer into the middle of it remained) — free it before main returns"),
            ValgrindErrorKind.LeakStillReachable => Leak(e, at, "still reachable at exit", " (never freed, though a pointer to it remained)"),
            _ => $"{e.What} at {at}",
        };

        return e.Count > 1 && !e.IsLeak ? $"{sentence} (happened {e.Count} times)" : sentence;
    }

    public static string Describe(ValgrindFatalSignal signal)
    {
        var at = signal.Where?.Location ?? "an unknown place";
        var detail = signal.Event;
        if (signal.Address is "0x0" or "0")
        {
            detail = detail is null ? "a NULL pointer dereference" : $"{detail}: a NULL pointer dereference";
        }

        return detail is null
            ? $"The program was killed by {signal.Signal} at {at}"
            : $"The program was killed by {signal.Signal} at {at} ({detail})";
    }

    private static string Access(string noun, string verb, ValgrindError e, string at)
    {
        var size = e.Bytes is { } b ? $" of {AnalysisText.Plural(b, "byte", "bytes")}" : "";
        var head = $"Invalid {noun}{size} at {at}";
        var related = e.Related?.Location;
        foreach (var detail in e.Details)
        {
            var block = Block().Match(detail);
            if (block.Success)
            {
                var offset = long.Parse(block.Groups["off"].ValueSpan, CultureInfo.InvariantCulture);
                var blockSize = AnalysisText.Plural(long.Parse(block.Groups["size"].ValueSpan, CultureInfo.InvariantCulture), "byte", "bytes");
                var freed = block.Groups["how"].Value == "free'd";
                var where = related is null ? "" : freed ? $" freed at {related}" : $" allocated at {related}";
                return block.Groups["rel"].Value switch
                {
                    _ when freed => $"{head} ({verb} a block of {blockSize} after it was{(where.Length == 0 ? " freed" : where)} — use after free)",
                    "after" => $"{head} ({verb} {(offset == 0 ? "" : $"{AnalysisText.Plural(offset, "byte", "bytes")} ")}past the end of a block of {blockSize}{where})",
                    "before" => $"{head} ({verb} {AnalysisText.Plural(offset, "byte", "bytes")} before the start of a block of {blockSize}{where})",
                    _ => $"{head} ({verb} inside a block of {blockSize}{where})",
                };
            }

            if (detail.Contains("is not stack'd, malloc'd or (recently) free'd", StringComparison.Ordinal))
            {
                var address = Address().Match(detail);
                var small = address.Success && ulong.TryParse(address.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var a) && a < 4096;
                return small
                    ? $"{head} (through a NULL pointer)"
                    : $"{head} (through a pointer to memory that is not allocated: uninitialised, dangling or out of range)";
            }

            if (detail.Contains("stack", StringComparison.Ordinal) && detail.Contains("thread", StringComparison.Ordinal))
            {
                return $"{head} (on the stack, outside any live variable)";
            }
        }

        return head;
    }

    private static string Origin(ValgrindError e)
    {
        var created = e.Details.FirstOrDefault(d => d.StartsWith("Uninitialised value was created by", StringComparison.Ordinal));
        if (created is null)
        {
            return "";
        }

        var how = created["Uninitialised value was created by ".Length..];
        return e.Related is { } origin ? $" (the value comes from {how} at {origin.Location})" : $" (the value comes from {how})";
    }

    private static string InvalidFree(ValgrindError e, string at)
    {
        if (e.Details.Any(d => d.Contains("free'd", StringComparison.Ordinal)))
        {
            return e.Related is { } freed
                ? $"Invalid free at {at}: the block was already freed at {freed.Location} (double free)"
                : $"Invalid free at {at}: the block was already freed (double free)";
        }

        return $"Invalid free at {at}: the pointer was not returned by malloc, calloc or realloc";
    }

    private static string MismatchedFree(ValgrindError e, string at, IReadOnlyList<IReadOnlyList<ValgrindFrame>> stacks)
    {
        var released = Allocator(stacks.Count > 0 ? First(stacks[0])?.Function : null);
        var allocated = Allocator(stacks.Count > 1 ? First(stacks[1])?.Function : null);
        var where = e.Related is { } r ? $" at {r.Location}" : "";
        return allocated is not null && released is not null
            ? $"Mismatched release at {at}: memory allocated with {allocated}{where} was released with {released} — use delete[] for new[], delete for new, free for malloc"
            : $"Mismatched release at {at}: {e.What} — use delete[] for new[], delete for new, free for malloc";
    }

    private static ValgrindFrame? First(IReadOnlyList<ValgrindFrame> stack) => stack.Count > 0 ? stack[0] : null;

    private static string? Allocator(string? function)
    {
        if (function is null)
        {
            return null;
        }

        var name = function.Split('(', 2)[0].Trim();
        return name.StartsWith("operator ", StringComparison.Ordinal) ? name["operator ".Length..] : name;
    }

    private static string Leak(ValgrindError e, string at, string how, string advice)
    {
        var bytes = AnalysisText.Plural(e.Bytes ?? 0, "byte", "bytes");
        var split = ValgrindXml.DirectIndirect().Match(e.What);
        if (split.Success)
        {
            bytes = $"{bytes} ({split.Groups[1].Value} direct, {split.Groups[2].Value} indirect)";
        }

        var blocks = AnalysisText.Plural(e.Blocks ?? 0, "block", "blocks");
        return $"{bytes} {how} in {blocks} allocated at {at}{advice}";
    }

    [GeneratedRegex(@"is (?<off>\d{1,18}) bytes (?<rel>after|before|inside) a block of size (?<size>\d{1,18}) (?<how>alloc'd|free'd)")]
    private static partial Regex Block();

    [GeneratedRegex(@"Address 0x([0-9a-fA-F]{1,16})")]
    private static partial Regex Address();
}
