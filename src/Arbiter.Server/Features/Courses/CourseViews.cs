using Arbiter.Server.Features.Problems;
using Arbiter.Storage;
using Arbiter.Storage.Classroom;

namespace Arbiter.Server.Features.Courses;

/// <summary>A course as its member sees it; <c>JoinCode</c> only for its staff.</summary>
public sealed record CourseView(string Id, string Title, CourseRole? Role, string? JoinCode, DateTimeOffset CreatedAt, IReadOnlyList<AssignmentSummary>? Assignments = null)
{
    internal static CourseView From(CourseRecord course, CourseRole? role, IReadOnlyList<AssignmentSummary>? assignments = null) =>
        new(course.Id, course.Title, role, role == CourseRole.Staff ? course.JoinCode : null, course.CreatedAt, assignments);
}

public sealed record AssignmentSummary(string Id, string Title, string ProblemId, DateTimeOffset? DueAt)
{
    internal static AssignmentSummary From(AssignmentRecord a) => new(a.Id, a.Title, a.ProblemId, a.DueAt);
}

/// <summary>An assignment page's data: the problem as a solver sees it, and the caller's draft.</summary>
public sealed record AssignmentView(string Id, string CourseId, string CourseTitle, string Title, DateTimeOffset? DueAt, CourseRole Role, ProblemView Problem, DraftView? Draft);

public sealed record DraftView(string Language, string Source, DateTimeOffset SavedAt)
{
    internal static DraftView From(DraftRecord d) => new(d.Language, d.Source, d.SavedAt);
}

public sealed record CourseRequest(string? Id, string? Title);

public sealed record JoinRequest(string? Code);

public sealed record MemberRequest(string? User, string? Role);

public sealed record MemberView(string UserId, string Name, CourseRole Role, DateTimeOffset JoinedAt);

public sealed record AssignmentRequest(string? Problem, string? Title, DateTimeOffset? DueAt);

public sealed record DraftRequest(string? Language, string? Source);

/// <summary>One attempt in an assignment's table.</summary>
public sealed record AttemptView(
    string Id,
    string Ticket,
    string? UserId,
    string? UserName,
    string Language,
    SubmissionStatus Status,
    string? Verdict,
    double? Score,
    DateTimeOffset CreatedAt);
