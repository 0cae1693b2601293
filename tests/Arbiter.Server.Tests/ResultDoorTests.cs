using System.Net;
using System.Text.Json;
using static Arbiter.Server.Tests.ResultDoorsFixture;

namespace Arbiter.Server.Tests;

/// <summary>
/// Every door a result leaves the server by keeps a secret test's data from the student who
/// sent it: GET by id and by ticket, the batch GET, <c>?wait=true</c>, the callback, the
/// listings, the attempts, the grades (JSON and CSV), the web page, and the logs. The staff of
/// the course see it all, which shows the marked strings are really in the result.
/// </summary>
public sealed class ResultDoorTests(ResultDoorsFixture doors) : IClassFixture<ResultDoorsFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Staff_OfTheCourse_SeeTheSecretTest_SoTheMarksAreThere()
    {
        var text = await TextAsync(doors.TeacherSession, $"/api/v1/submissions/{doors.SubmissionId}");

        Assert.Contains(SecretAnswer, text, StringComparison.Ordinal);
        Assert.Contains(SecretInput, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetById_HidesTheSecretTest_ButShowsTheSample() =>
        AssertHiddenButSampleShown(await TextAsync(doors.StudentSession, $"/api/v1/submissions/{doors.SubmissionId}"), "GET by id");

    [Fact]
    public async Task GetByTicket_HidesTheSecretTest() =>
        AssertHiddenButSampleShown(await TextAsync(doors.StudentSession, $"/api/v1/submissions/{doors.Ticket}"), "GET by ticket");

    [Fact]
    public async Task BatchGet_HidesTheSecretTest() =>
        AssertHiddenButSampleShown(await TextAsync(doors.StudentSession, $"/api/v1/submissions/batch?ids={doors.SubmissionId}"), "the batch GET");

    [Fact]
    public void Wait_HidesTheSecretTest() => AssertHiddenButSampleShown(doors.WaitBody, "?wait=true");

    [Fact]
    public void Callback_HidesTheSecretTest_LikeGet() => AssertHiddenButSampleShown(doors.CallbackBody, "the callback");

    [Fact]
    public async Task Listings_CarryNoTestData()
    {
        AssertNoSecret(await TextAsync(doors.StudentSession, "/api/v1/submissions"), "the submissions list");
        AssertNoSecret(await TextAsync(doors.StudentSession, $"/api/v1/assignments/{doors.AssignmentId}/attempts"), "the attempts list");
    }

    [Fact]
    public async Task Grades_JsonAndCsv_CarryNoTestData()
    {
        AssertNoSecret(await TextAsync(doors.StudentSession, "/api/v1/grades"), "the student's grades");
        AssertNoSecret(await TextAsync(doors.StudentSession, "/api/v1/courses/doors101/grades"), "the course's grades");
        AssertNoSecret(await TextAsync(doors.TeacherSession, "/api/v1/courses/doors101/grades?format=csv"), "the CSV export");
    }

    [Fact]
    public async Task WebPage_OfTheAttempt_CarriesNoTestData()
    {
        var page = await TextAsync(doors.StudentSession, $"/attempts/{doors.SubmissionId}");

        Assert.Contains("<main", page, StringComparison.Ordinal);
        AssertNoSecret(page, "the attempt page");
    }

    [Fact]
    public async Task Logs_OfTheProcessAndTheDashboard_CarryNoTestData()
    {
        Assert.Contains(doors.SubmissionId, doors.Server.Output, StringComparison.Ordinal);
        AssertNoSecret(doors.Server.Output, "the server's log");
        AssertNoSecret(await TextAsync(doors.TeacherSession, "/api/v1/admin/overview"), "the dashboard's log lines");
    }

    private static void AssertHiddenButSampleShown(string text, string door)
    {
        AssertNoSecret(text, door);
        var tests = JsonDocument.Parse(text).RootElement;
        tests = (tests.ValueKind == JsonValueKind.Array ? tests[0] : tests).GetProperty("result").GetProperty("tests");
        var secret = Assert.Single(tests.EnumerateArray(), t => !t.GetProperty("sample").GetBoolean());
        Assert.True(secret.GetProperty("hidden").GetBoolean(), $"{door}: {secret}");
        Assert.Equal("WA", secret.GetProperty("verdict").GetString());
        // The sample is the student's to see: the policy hides no more than it must.
        Assert.Contains(SampleAnswer, text, StringComparison.Ordinal);
    }

    private static async Task<string> TextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Token);
        var text = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return text;
    }
}
