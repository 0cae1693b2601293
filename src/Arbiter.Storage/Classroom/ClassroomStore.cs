using System.Data.Common;
using Arbiter.Storage.Sql;
using static Arbiter.Storage.Sql.SqlArg;

namespace Arbiter.Storage.Classroom;

/// <summary>The classroom half of the store, written once: every statement here reads the same
/// on SQLite and PostgreSQL, and the backend differences live in <see cref="ISqlGateway"/>.</summary>
internal sealed class ClassroomStore(ISqlGateway db) : IClassroomStore
{
    private const string CourseColumns = "c.id, c.title, c.join_code, c.created_by, c.created_at";
    private const string AssignmentColumns = "id, course_id, problem_id, title, due_at, created_at";
    private const string ShareColumns = "id, language, source, stdin, owner, created_at, expires_at";

    public async Task AddCourseAsync(CourseRecord course, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(course);
        ArgumentException.ThrowIfNullOrWhiteSpace(course.Id, nameof(course));
        ArgumentException.ThrowIfNullOrWhiteSpace(course.JoinCode, nameof(course));
        await WriteAsync("course", course.Id,
            "INSERT INTO courses (id, title, join_code, created_by, created_at) VALUES (@id, @title, @code, @by, @at)",
            [Text("id", course.Id), Text("title", course.Title), Text("code", course.JoinCode), Text("by", course.CreatedBy), Time("at", course.CreatedAt)],
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<CourseRecord?> GetCourseAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await db.QueryAsync($"SELECT {CourseColumns} FROM courses c WHERE c.id = @id", [Text("id", id)], Course, cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<CourseRecord?> GetCourseByJoinCodeAsync(string joinCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(joinCode);
        var rows = await db.QueryAsync(
            $"SELECT {CourseColumns} FROM courses c WHERE c.join_code = @code",
            [Text("code", joinCode)],
            Course,
            cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<(CourseRecord Course, CourseRole? Role)>> ListCoursesAsync(string? userId, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            $"SELECT {CourseColumns}, m.role FROM courses c LEFT JOIN course_members m ON m.course_id = c.id AND m.user_id = @user ORDER BY c.created_at, c.id",
            [Text("user", userId)],
            row => (Course(row), row.IsDBNull(5) ? (CourseRole?)null : WireNames.Parse<CourseRole>(row.GetString(5))),
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<(CourseRecord Course, CourseRole Role)>> ListCoursesOfAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return await db.QueryAsync(
            $"SELECT {CourseColumns}, m.role FROM courses c JOIN course_members m ON m.course_id = c.id WHERE m.user_id = @user ORDER BY c.created_at, c.id",
            [Text("user", userId)], row => (Course(row), WireNames.Parse<CourseRole>(row.GetString(5))), cancellationToken).ConfigureAwait(false);
    }

    public async Task SetMemberAsync(string courseId, string userId, CourseRole role, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(courseId);
        ArgumentNullException.ThrowIfNull(userId);
        StoreGuard.Defined(role, nameof(role));

        await WriteAsync("member", userId,
            "INSERT INTO course_members (course_id, user_id, role, joined_at) VALUES (@course, @user, @role, @at) " +
            "ON CONFLICT (course_id, user_id) DO UPDATE SET role = excluded.role",
            [Text("course", courseId), Text("user", userId), Text("role", WireNames.Of(role)), Time("at", at)], cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveMemberAsync(string courseId, string userId, CancellationToken cancellationToken) =>
        await db.ExecuteAsync("DELETE FROM course_members WHERE course_id = @course AND user_id = @user",
            [Text("course", courseId), Text("user", userId)], cancellationToken).ConfigureAwait(false) == 1;

    public async Task<CourseRole?> GetMemberRoleAsync(string courseId, string userId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync("SELECT role FROM course_members WHERE course_id = @course AND user_id = @user",
            [Text("course", courseId), Text("user", userId)], row => WireNames.Parse<CourseRole>(row.GetString(0)), cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<IReadOnlyList<CourseMember>> ListMembersAsync(string courseId, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            "SELECT m.course_id, m.user_id, u.name, m.role, m.joined_at FROM course_members m JOIN users u ON u.id = m.user_id " +
            "WHERE m.course_id = @course ORDER BY CASE WHEN m.role = 'staff' THEN 0 ELSE 1 END, u.name_key",
            [Text("course", courseId)],
            row => new CourseMember(row.GetString(0), row.GetString(1), row.GetString(2), WireNames.Parse<CourseRole>(row.GetString(3)), db.ReadTime(row, 4)),
            cancellationToken).ConfigureAwait(false);

    public async Task AddAssignmentAsync(AssignmentRecord assignment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentException.ThrowIfNullOrWhiteSpace(assignment.Id, nameof(assignment));
        await WriteAsync("assignment", assignment.Id,
            $"INSERT INTO assignments ({AssignmentColumns}) VALUES (@id, @course, @problem, @title, @due, @at)",
            [Text("id", assignment.Id), Text("course", assignment.CourseId), Text("problem", assignment.ProblemId), Text("title", assignment.Title),
             Time("due", assignment.DueAt), Time("at", assignment.CreatedAt)],
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<AssignmentRecord?> GetAssignmentAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await db.QueryAsync($"SELECT {AssignmentColumns} FROM assignments WHERE id = @id", [Text("id", id)], Assignment, cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<AssignmentRecord>> ListAssignmentsAsync(string courseId, CancellationToken cancellationToken) =>
        await db.QueryAsync($"SELECT {AssignmentColumns} FROM assignments WHERE course_id = @course ORDER BY created_at, id",
            [Text("course", courseId)], Assignment, cancellationToken).ConfigureAwait(false);

    public async Task<bool> UpdateAssignmentAsync(string id, string title, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        return await db.ExecuteAsync("UPDATE assignments SET title = @title, due_at = @due WHERE id = @id",
            [Text("id", id), Text("title", title), Time("due", dueAt)], cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<bool> DeleteAssignmentAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        // Drafts first (they reference the assignment); a draft saved in between makes the
        // second statement fail on its foreign key rather than leave an orphan.
        await db.ExecuteAsync("DELETE FROM drafts WHERE assignment_id = @id", [Text("id", id)], cancellationToken).ConfigureAwait(false);
        return await db.ExecuteAsync("DELETE FROM assignments WHERE id = @id", [Text("id", id)], cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task SaveDraftAsync(DraftRecord draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        NoNul(draft.Source, nameof(draft));
        await WriteAsync("draft", draft.AssignmentId,
            "INSERT INTO drafts (user_id, assignment_id, language, source, saved_at) VALUES (@user, @assignment, @language, @source, @at) " +
            "ON CONFLICT (user_id, assignment_id) DO UPDATE SET language = excluded.language, source = excluded.source, saved_at = excluded.saved_at",
            [Text("user", draft.UserId), Text("assignment", draft.AssignmentId), Text("language", draft.Language), Text("source", draft.Source), Time("at", draft.SavedAt)],
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<DraftRecord?> GetDraftAsync(string userId, string assignmentId, CancellationToken cancellationToken)
    {
        var rows = await db.QueryAsync(
            "SELECT user_id, assignment_id, language, source, saved_at FROM drafts WHERE user_id = @user AND assignment_id = @assignment",
            [Text("user", userId), Text("assignment", assignmentId)],
            row => new DraftRecord(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), db.ReadTime(row, 4)),
            cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public async Task<IReadOnlyList<GradeRow>> GradesAsync(string courseId, CancellationToken cancellationToken) =>
        await db.QueryAsync(
            "SELECT s.assignment_id, s.owner, COUNT(*), MAX(s.score), MAX(CASE WHEN s.verdict = 'AC' THEN 1 ELSE 0 END), MAX(s.created_at) " +
            "FROM submissions s JOIN assignments a ON a.id = s.assignment_id " +
            "WHERE a.course_id = @course AND s.owner IS NOT NULL AND s.status = 'judged' " +
            "GROUP BY s.assignment_id, s.owner ORDER BY s.owner, s.assignment_id",
            [Text("course", courseId)],
            row => new GradeRow(row.GetString(0), row.GetString(1), Convert.ToInt64(row.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                row.IsDBNull(3) ? null : row.GetDouble(3), Convert.ToInt64(row.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) == 1, db.ReadTime(row, 5)),
            cancellationToken).ConfigureAwait(false);

    public async Task AddShareAsync(ShareRecord share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentException.ThrowIfNullOrWhiteSpace(share.Id, nameof(share));
        NoNul(share.Source, nameof(share));
        NoNul(share.Stdin, nameof(share));
        await WriteAsync("share", share.Id,
            $"INSERT INTO shares ({ShareColumns}) VALUES (@id, @language, @source, @stdin, @owner, @created, @expires)",
            [Text("id", share.Id), Text("language", share.Language), Text("source", share.Source), Text("stdin", share.Stdin), Text("owner", share.Owner),
             Time("created", share.CreatedAt), Time("expires", share.ExpiresAt)],
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ShareRecord?> GetShareAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var rows = await db.QueryAsync($"SELECT {ShareColumns} FROM shares WHERE id = @id", [Text("id", id)],
            row => new ShareRecord(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.IsDBNull(4) ? null : row.GetString(4),
                db.ReadTime(row, 5), db.ReadTime(row, 6)),
            cancellationToken).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    public Task<int> DeleteSharesExpiredBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        db.ExecuteAsync("DELETE FROM shares WHERE expires_at < @before", [Time("before", before)], cancellationToken);

    /// <summary>PostgreSQL text cannot hold U+0000, so neither backend stores it: the same
    /// refusal everywhere, which the API turns into a clear message before it gets here.</summary>
    private static void NoNul(string text, string paramName)
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("text to store must not contain the NUL character (U+0000)", paramName);
        }
    }

    private CourseRecord Course(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), db.ReadTime(row, 4));

    private AssignmentRecord Assignment(DbDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), row.IsDBNull(4) ? null : db.ReadTime(row, 4), db.ReadTime(row, 5));

    /// <summary>Runs an insert or upsert, turning the database's constraint errors into the
    /// store's exceptions with a message naming what was written.</summary>
    private async Task WriteAsync(string what, string id, string sql, SqlArg[] args, CancellationToken cancellationToken)
    {
        try
        {
            await db.ExecuteAsync(sql, args, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (db.IsUniqueViolation(ex))
        {
            throw new StoreConflictException($"a {what} '{id}' (or its unique code) already exists", ex);
        }
        catch (DbException ex) when (db.IsForeignKeyViolation(ex))
        {
            throw new KeyNotFoundException($"the {what} '{id}' refers to a user, course, assignment or problem that does not exist", ex);
        }
    }
}
