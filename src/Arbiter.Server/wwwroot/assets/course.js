// /courses/{id}: the course's assignments (with a student's best score in each). The course's
// staff also get the join code, adding an assignment from a problem or an uploaded package,
// the members, and the grades table with its CSV.
import { api, clearError, showError } from "/assets/api.js";
import { copyText, h, time } from "/assets/dom.js";
import { formatScore } from "/assets/verdicts.js";

const $ = (id) => document.getElementById(id);
const courseId = decodeURIComponent(/^\/courses\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? "");
const coursePath = `/api/v1/courses/${encodeURIComponent(courseId)}`;

let course = null;

function assignmentLink(assignment) {
    return h("a", { href: `/assignments/${encodeURIComponent(assignment.id)}` }, assignment.title);
}

/** A grade cell: best score and ✓ when an attempt was accepted; "–" before any. */
function grade(cell) {
    if (!cell || cell.best === null || cell.best === undefined) {
        return h("span", { className: "hint" }, cell?.attempts ? "not judged" : "–");
    }

    return h("span", {}, formatScore(cell.best), cell.accepted ? h("span", { className: "accepted", title: "accepted" }, " ✓", h("span", { className: "visually-hidden" }, " accepted")) : "");
}

function renderAssignments(grades) {
    const staff = course.role === "staff";
    const mine = grades?.rows?.[0];
    const cells = new Map((mine?.cells ?? []).map((c) => [c.assignmentId, c]));
    $("assignments-extra").textContent = staff ? "Problem" : "Your best";
    document.querySelector("#assignments tbody").replaceChildren(...course.assignments.map((a) => h("tr", { "data-assignment": a.id },
        h("td", {}, assignmentLink(a)),
        h("td", {}, a.dueAt ? time(a.dueAt) : "–"),
        h("td", {}, staff ? h("code", {}, a.problemId) : grade(cells.get(a.id))))));
    $("assignments").hidden = course.assignments.length === 0;
    $("no-assignments").hidden = course.assignments.length > 0;
}

async function loadCourse() {
    course = await api.get(coursePath);
    document.title = `${course.title} · Arbiter`;
    $("title").textContent = course.title;
    $("role-line").textContent = course.role === "staff" ? "You teach this course." : "You take this course.";
    const grades = await api.get(`${coursePath}/grades`).catch(() => null);
    renderAssignments(grades);
    return grades;
}

// ---- Staff ----

function renderGrades(table) {
    const head = h("tr", {}, h("th", { scope: "col" }, "Student"),
        ...table.assignments.map((a) => h("th", { scope: "col" }, assignmentLink(a))),
        h("th", { scope: "col" }, "Total"));
    document.querySelector("#grades thead").replaceChildren(head);
    document.querySelector("#grades tbody").replaceChildren(...table.rows.map((row) => h("tr", { "data-student": row.name },
        h("th", { scope: "row" }, row.name),
        ...row.cells.map((cell) => h("td", {}, grade(cell))),
        h("td", {}, formatScore(row.total)))));
    $("grades").hidden = table.rows.length === 0;
    $("no-students").hidden = table.rows.length > 0;
}

async function loadMembers() {
    const members = await api.get(`${coursePath}/members`);
    document.querySelector("#members tbody").replaceChildren(...members.map((m) => h("tr", {},
        h("td", {}, m.name), h("td", {}, m.role), h("td", {}, time(m.joinedAt)))));
}

async function loadProblems() {
    const problems = await api.get("/api/v1/problems");
    $("problem").replaceChildren(
        h("option", { value: "" }, problems.length ? "Choose a problem" : "No problems on this server"),
        ...problems.map((p) => h("option", { value: p.id }, `${p.name} (${p.id})`)));
}

/** The instant a datetime-local value means in the reader's time zone, as ISO; undefined when empty. */
function dueAt(input) {
    return input.value ? new Date(input.value).toISOString() : undefined;
}

/** Runs a form's action with its button disabled; failures go to `errorBox`. */
async function submitting(event, errorBox, action) {
    event.preventDefault();
    clearError(errorBox);
    const form = event.currentTarget;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
        await action(form);
    } catch (error) {
        showError(errorBox, error);
    } finally {
        button.disabled = false;
    }
}

async function refreshAfterChange() {
    const grades = await loadCourse();
    if (grades) {
        renderGrades(grades);
    }
}

function addAssignment(event) {
    return submitting(event, $("add-error"), async (form) => {
        const title = $("assignment-title").value.trim();
        await api.post(`${coursePath}/assignments`, { problem: $("problem").value, title: title || undefined, dueAt: dueAt($("due")) });
        form.reset();
        await refreshAfterChange();
    });
}

function importPackage(event) {
    return submitting(event, $("import-error"), async (form) => {
        const file = $("package").files[0];
        const query = new URLSearchParams();
        if ($("import-title").value.trim()) {
            query.set("title", $("import-title").value.trim());
        }

        if ($("import-due").value) {
            query.set("dueAt", dueAt($("import-due")));
        }

        $("import-status").textContent = `Uploading ${file.name}…`;
        try {
            const added = await api.upload(`${coursePath}/assignments/import?${query}`, file, "application/zip");
            $("import-status").textContent = `Added “${added.title}” (problem ${added.problemId}).`;
        } catch (error) {
            $("import-status").textContent = "";
            throw error;
        }

        form.reset();
        await refreshAfterChange();
    });
}

function addMember(event) {
    return submitting(event, $("member-error"), async (form) => {
        await api.post(`${coursePath}/members`, { user: $("member-name").value.trim(), role: $("member-role").value });
        form.reset();
        await loadMembers();
        await refreshAfterChange();
    });
}

async function startStaff(grades) {
    $("join-code").value = course.joinCode ?? "";
    $("copy-code").addEventListener("click", async () => {
        const copied = await copyText($("join-code").value, $("join-code"));
        $("copy-code").textContent = copied ? "Copied" : "Copy failed";
        setTimeout(() => { $("copy-code").textContent = "Copy"; }, 2000);
    });
    $("grades-csv").href = `${coursePath}/grades?format=csv`;
    $("add-assignment").addEventListener("submit", addAssignment);
    $("import").addEventListener("submit", importPackage);
    $("add-member").addEventListener("submit", addMember);
    $("staff").hidden = false;
    if (grades) {
        renderGrades(grades);
    }

    const results = await Promise.allSettled([loadProblems(), loadMembers()]);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) {
        showError($("error"), failed.reason);
    }
}

async function start() {
    let grades;
    try {
        grades = await loadCourse();
    } catch (error) {
        $("title").textContent = error.status === 404 ? "No such course" : "The course did not load";
        showError($("error"), error.status === 404
            ? new Error("There is no course at this address that you can see: join it with its code on the Courses page first.")
            : error);
        document.body.dataset.ready = "true";
        return;
    }

    $("content").hidden = false;
    if (course.role === "staff") {
        await startStaff(grades);
    }

    document.body.dataset.ready = "true";
}

start();
