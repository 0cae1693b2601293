// /grades: in each of your courses, every assignment with your best score and whether an
// attempt was accepted. For a course you teach, a link to its full grades table.
import { api, showError } from "/assets/api.js";
import { h, time } from "/assets/dom.js";
import { session, showSignedOut } from "/assets/site.js";
import { formatScore } from "/assets/verdicts.js";

const $ = (id) => document.getElementById(id);

function courseSection(table, role, index) {
    const heading = `course-${index}`;
    const courseLink = h("a", { href: `/courses/${encodeURIComponent(table.courseId)}` }, table.courseTitle);
    if (role === "staff") {
        return h("section", { "aria-labelledby": heading, "data-course": table.courseId },
            h("h2", { id: heading }, courseLink),
            h("p", {}, "You teach this course: ", h("a", { href: `/courses/${encodeURIComponent(table.courseId)}#grades-heading` }, "see every student's grades"), "."));
    }

    const cells = new Map((table.rows[0]?.cells ?? []).map((c) => [c.assignmentId, c]));
    const rows = table.assignments.map((a) => {
        const cell = cells.get(a.id);
        return h("tr", { "data-assignment": a.id },
            h("th", { scope: "row" }, h("a", { href: `/assignments/${encodeURIComponent(a.id)}` }, a.title)),
            h("td", {}, a.dueAt ? time(a.dueAt) : "–"),
            h("td", { className: "best" }, cell?.best === null || cell?.best === undefined ? "–" : formatScore(cell.best)),
            h("td", {}, cell?.accepted ? h("span", { className: "accepted" }, "✓", h("span", { className: "visually-hidden" }, " accepted")) : ""),
            h("td", {}, String(cell?.attempts ?? 0)));
    });
    const total = table.rows[0]?.total ?? 0;
    return h("section", { "aria-labelledby": heading, "data-course": table.courseId },
        h("h2", { id: heading }, courseLink),
        table.assignments.length === 0 ? h("p", {}, "No assignments yet.") : h("div", { className: "table-scroll" },
            h("table", {},
                h("caption", { className: "visually-hidden" }, `Your grades in ${table.courseTitle}`),
                h("thead", {}, h("tr", {},
                    h("th", { scope: "col" }, "Assignment"), h("th", { scope: "col" }, "Due"), h("th", { scope: "col" }, "Best score"),
                    h("th", { scope: "col" }, "Accepted"), h("th", { scope: "col" }, "Attempts"))),
                h("tbody", {}, ...rows),
                h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, "Total"), h("td", {}), h("td", { className: "best" }, formatScore(total)), h("td", {}), h("td", {}))))));
}

async function start() {
    const me = await session;
    if (showSignedOut(me)) {
        return;
    }

    try {
        const [tables, courses] = await Promise.all([api.get("/api/v1/grades"), api.get("/api/v1/courses")]);
        const roles = new Map(courses.map((c) => [c.id, c.role]));
        $("courses").replaceChildren(...tables.map((table, index) => courseSection(table, roles.get(table.courseId), index)));
        $("no-courses").hidden = tables.length > 0;
    } catch (error) {
        showError($("error"), error);
    }

    document.body.dataset.ready = "true";
}

start();
