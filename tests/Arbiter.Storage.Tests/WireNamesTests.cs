using System.Text.Json;
using System.Text.Json.Serialization;
using Arbiter.Storage.Classroom;

namespace Arbiter.Storage.Tests;

/// <summary>The words kinds and roles are stored as are the words they are serialized as, and
/// the words they were as strings; a word the database should never hold is an error, not a default.</summary>
public sealed class WireNamesTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void Words_AreTheOnesUsedBeforeTheseWereEnums()
    {
        Assert.Equal(["run", "judge"], WireNames.All<SubmissionKind>());
        Assert.Equal(["student", "staff", "admin"], WireNames.All<UserRole>());
        Assert.Equal(["student", "staff"], WireNames.All<CourseRole>());
    }

    [Fact]
    public void Json_WritesAndReadsTheStoredWord()
    {
        AssertJsonMatches<SubmissionKind>();
        AssertJsonMatches<UserRole>();
        AssertJsonMatches<CourseRole>();
    }

    [Fact]
    public void Parse_UnknownOrDifferentlyCasedWord_IsRefused()
    {
        Assert.Throws<InvalidDataException>(() => WireNames.Parse<UserRole>("root"));
        Assert.False(WireNames.TryParse<UserRole>("Staff", out _));
        Assert.False(WireNames.TryParse<CourseRole>("admin", out _));
        Assert.False(WireNames.TryParse<SubmissionKind>(null, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => WireNames.Of((SubmissionKind)9));
    }

    private static void AssertJsonMatches<T>()
        where T : struct, Enum
    {
        foreach (var value in Enum.GetValues<T>())
        {
            var word = WireNames.Of(value);
            Assert.Equal($"\"{word}\"", JsonSerializer.Serialize(value, Json));
            Assert.Equal(value, JsonSerializer.Deserialize<T>($"\"{word}\"", Json));
            Assert.Equal(value, WireNames.Parse<T>(word));
        }
    }
}
