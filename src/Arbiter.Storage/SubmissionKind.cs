using System.Text.Json.Serialization;

namespace Arbiter.Storage;

/// <summary>What a submission asks for. Stored and serialized as "run" and "judge" (see
/// <see cref="WireNames"/>), the words used since before this was an enum.</summary>
public enum SubmissionKind
{
    /// <summary>A playground run: stdin in, output out.</summary>
    [JsonStringEnumMemberName("run")]
    Run,

    /// <summary>Judged against a problem's tests.</summary>
    [JsonStringEnumMemberName("judge")]
    Judge,
}
