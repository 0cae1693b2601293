// /courses: the courses you are in (with your role in each), joining one with its code, and
// for staff and admins creating one.
import { api, clearError, showError } from "/assets/api.js";
import { h } from "/assets/dom.js";
import { session, showSignedOut } from "/assets/site.js";

const $ = (id) => document.getElementById(id);

function courseHref(id) {
    return `/courses/${encodeURIComponent(id)}`;
}

async function loadCourses() {
    const courses = await api.get("/api/v1/courses");
    $("course-list").replaceChildren(...courses.map((course) => h("li", { className: "course-card" },
        h("a", { href: courseHref(course.id), className: "course-card-title" }, course.title),
        h("span", { className: "hint" }, ` ${course.id} · `, course.role === "staff" ? "you teach it" : "you take it"))));
    $("course-list").hidden = courses.length === 0;
    $("no-courses").hidden = courses.length > 0;
}

/** Disables the form's button while `action` runs and shows its failure in `errorBox`. */
async function submitting(event, errorBox, action) {
    event.preventDefault();
    clearError(errorBox);
    const button = event.currentTarget.querySelector("button[type=submit]");
    button.disabled = true;
    try {
        await action();
    } catch (error) {
        showError(errorBox, error);
        button.disabled = false;
    }
}

function join(event) {
    return submitting(event, $("join-error"), async () => {
        const course = await api.post("/api/v1/courses/join", { code: $("join-code").value.trim() });
        location.assign(courseHref(course.id));
    });
}

function create(event) {
    return submitting(event, $("create-error"), async () => {
        const course = await api.post("/api/v1/courses", { id: $("course-id").value.trim(), title: $("course-title").value.trim() });
        location.assign(courseHref(course.id));
    });
}

async function start() {
    const me = await session;
    if (showSignedOut(me)) {
        return;
    }

    $("join").addEventListener("submit", join);
    $("create").addEventListener("submit", create);
    // The API decides; this only spares students a form that would answer 403.
    $("create-section").hidden = !(me.role === "staff" || me.role === "admin");
    $("signed-in").hidden = false;
    try {
        await loadCourses();
    } catch (error) {
        showError($("error"), error);
    }

    document.body.dataset.ready = "true";
}

start();
