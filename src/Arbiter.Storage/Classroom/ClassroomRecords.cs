namespace Arbiter.Storage.Classroom;

/// <summary>A course: a group of people and assignments. <c>Id</c> is a readable slug chosen by
/// its creator (cs101-2026); <c>JoinCode</c> lets students enrol themselves.</summary>
public sealed record CourseRecord(string Id, string Title, string JoinCode, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>A person in a course, as a student or staff of that course.</summary>
public sealed record CourseMember(string CourseId, string UserId, string UserName, CourseRole Role, DateTimeOffset JoinedAt);

/// <summary>A problem set in a course, with an optional due date (shown, not enforced).</summary>
public sealed record AssignmentRecord(string Id, string CourseId, string ProblemId, string Title, DateTimeOffset? DueAt, DateTimeOffset CreatedAt);

/// <summary>What a student last typed for an assignment, kept so nothing typed is lost.</summary>
public sealed record DraftRecord(string UserId, string AssignmentId, string Language, string Source, DateTimeOffset SavedAt);

/// <summary>A playground program shared by a permalink until <c>ExpiresAt</c>.</summary>
public sealed record ShareRecord(string Id, string Language, string Source, string Stdin, string? Owner, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>One student's standing on one assignment: judged attempts, best score, whether any
/// attempt was accepted, and when the last was made.</summary>
public sealed record GradeRow(string AssignmentId, string UserId, long Attempts, double? BestScore, bool Accepted, DateTimeOffset LastAttemptAt);
