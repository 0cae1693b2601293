// /assignments/{id}: the problem (statement, limits, samples), an editor holding the saved draft
// or the language's template, autosave, Submit with the judging followed live, and the table
// of attempts.
import { antiforgeryHeaders, api, clearError, showError } from "/assets/api.js";
import { h, time } from "/assets/dom.js";
import { createEditor } from "/assets/editor.js";
import { session } from "/assets/site.js";
import { finished, formatScore, progressSteps, statusSentence, testsCell, verdictBadge } from "/assets/verdicts.js";

const $ = (id) => document.getElementById(id);
const ui = {
    title: $("title"), courseLink: $("course-link"), error: $("error"), problem: $("problem"), facts: $("facts"),
    statement: $("statement"), samplesSection: $("samples-section"), samples: $("samples"), work: $("work"),
    language: $("language"), saveStatus: $("save-status"), submit: $("submit"), submitError: $("submit-error"),
    progress: $("progress"), submitStatus: $("submit-status"), steps: $("steps"), submitLink: $("submit-link"),
    attempts: $("attempts"), attemptsBody: document.querySelector("#attempts tbody"), noAttempts: $("no-attempts"),
    attemptsError: $("attempts-error"), attemptsHeading: $("attempts-heading"), attemptsScope: $("attempts-scope"),
};

const autosaveMs = 3000;
const pollMs = 500;
const assignmentId = decodeURIComponent(/^\/assignments\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? "");
const draftPath = `/api/v1/assignments/${encodeURIComponent(assignmentId)}/draft`;

let assignment = null;
let me = null;
let languages = new Map();
let current = null;
// What the server holds: autosave sends only when the editor differs from it.
let saved = { language: null, source: null };
let saving = false;
let saveFailed = false;
let submitting = false;
let following = null;
let memberNames = new Map();
// Finished submissions do not change: fetched once for the attempts table.
const judged = new Map();

const editor = createEditor($("editor"), { labelledBy: "editor-label", describedBy: "editor-help", onRun: submit });

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

function clock(iso) {
    return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function template(id) {
    return assignment.problem.templates?.[id] ?? "";
}

function languageOf(id) {
    return languages.get(id) ?? { id, name: id, extensions: [] };
}

// ---- The problem ----

function fact(key, label, ...value) {
    return h("div", { "data-fact": key }, h("dt", {}, label), h("dd", {}, ...value));
}

/** The statement's own headings start at h1; under the page's h1 they go one level down. */
function demoteHeadings(root) {
    for (const heading of [...root.querySelectorAll("h1, h2, h3, h4, h5")]) {
        const lower = document.createElement(`h${Number(heading.tagName[1]) + 1}`);
        lower.append(...heading.childNodes);
        heading.replaceWith(lower);
    }
}

function renderProblem() {
    const problem = assignment.problem;
    document.title = `${assignment.title} · Arbiter`;
    ui.title.textContent = assignment.title;
    ui.courseLink.href = `/courses/${encodeURIComponent(assignment.courseId)}`;
    ui.courseLink.textContent = assignment.courseTitle;

    const facts = [];
    if (assignment.dueAt) {
        const late = new Date(assignment.dueAt) < new Date();
        facts.push(fact("due", "Due", time(assignment.dueAt), late ? h("span", { className: "late" }, " (past)") : ""));
    }

    if (problem.timeLimitSeconds) {
        facts.push(fact("time-limit", "Time limit", `${problem.timeLimitSeconds} s per test`));
    }

    if (problem.memoryMiB) {
        facts.push(fact("memory-limit", "Memory limit", `${problem.memoryMiB} MiB`));
    }

    ui.facts.replaceChildren(...facts);
    if (problem.statementHtml) {
        // The one innerHTML with data on purpose: the server rendered this from the package's
        // Markdown with Markdig and sanitized it (raw HTML escaped, only http(s), mailto and
        // relative link addresses kept), so it is HTML we may show as HTML.
        ui.statement.innerHTML = problem.statementHtml;
        demoteHeadings(ui.statement);
    } else if (problem.statement) {
        ui.statement.replaceChildren(h("pre", { className: "stream plain" }, problem.statement));
    } else {
        ui.statement.replaceChildren(h("p", { className: "hint" }, "This problem has no statement."));
    }

    ui.samples.replaceChildren(...problem.samples.map((sample, index) => h("div", { className: "sample" },
        h("h3", {}, `Sample ${index + 1}`, sample.name ? h("span", { className: "hint" }, ` (${sample.name})`) : ""),
        h("div", { className: "sample-io" },
            h("div", {}, h("p", { className: "label", id: `sample-${index}-in` }, "Input"),
                h("pre", { className: "stream", tabIndex: 0, "aria-labelledby": `sample-${index}-in` }, sample.input)),
            h("div", {}, h("p", { className: "label", id: `sample-${index}-out` }, "Answer"),
                h("pre", { className: "stream", tabIndex: 0, "aria-labelledby": `sample-${index}-out` }, sample.answer))))));
    ui.samplesSection.hidden = problem.samples.length === 0;
    ui.problem.hidden = false;
}

// ---- Language and editor ----

function fillLanguages(list) {
    languages = new Map(list.map((l) => [l.id, l]));
    const templated = new Set(Object.keys(assignment.problem.templates ?? {}));
    ui.language.replaceChildren(...list.map((l) => h("option", { value: l.id, disabled: l.available === false },
        `${l.name}${l.version ? ` (${l.version})` : ""}${templated.has(l.id) ? " — has a template" : ""}${l.available === false ? " — not installed" : ""}`)));
    ui.language.disabled = false;
}

function defaultLanguage() {
    const usable = (id) => id && languages.get(id) && languages.get(id).available !== false;
    let remembered = null;
    try {
        remembered = localStorage.getItem("arbiter.playground.language");
    } catch {
        // Storage may be off: no remembered language then.
    }

    return Object.keys(assignment.problem.templates ?? {}).find(usable)
        ?? [remembered, "python3"].find(usable)
        ?? [...languages.values()].find((l) => l.available !== false)?.id;
}

/** Switches language; text still empty or the previous language's untouched template becomes
 * the new language's template. */
function selectLanguage(id, { keepText = false } = {}) {
    const previous = current;
    current = id;
    if (!languages.has(id)) {
        ui.language.append(h("option", { value: id }, id));
    }

    ui.language.value = id;
    editor.setLanguage(id, languageOf(id).extensions);
    const text = editor.getValue();
    if (!keepText && (text.trim() === "" || (previous && text === template(previous)))) {
        editor.setValue(template(id));
    }
}

// ---- Autosave ----

function dirty() {
    return current !== null && (current !== saved.language || editor.getValue() !== saved.source);
}

function saveStatus(text, failed = false) {
    ui.saveStatus.textContent = text;
    ui.saveStatus.classList.toggle("failed", failed);
}

async function save() {
    if (saving || !dirty()) {
        return;
    }

    const draft = { language: current, source: editor.getValue() };
    saving = true;
    // After a failure keep its message up while retrying, rather than flickering "Saving…".
    if (!saveFailed) {
        saveStatus("Saving…");
    }

    try {
        const answer = await api.put(draftPath, draft);
        saved = draft;
        saveFailed = false;
        saveStatus(`Saved at ${clock(answer?.savedAt ?? new Date().toISOString())}`);
    } catch (error) {
        saveFailed = true;
        saveStatus(`Not saved: ${error.message}`, true);
        if (error.status === 401) {
            showError(ui.submitError, error);
        }
    } finally {
        saving = false;
    }
}

/** Leaving the page (or hiding it, which on a phone may be the last chance): send the draft
 * with keepalive so the request outlives the page. The token was fetched at the start. */
function saveOnLeave() {
    if (!dirty()) {
        return;
    }

    const draft = { language: current, source: editor.getValue() };
    api.put(draftPath, draft, { keepalive: true }).then((answer) => {
        saved = draft;
        saveStatus(`Saved at ${clock(answer?.savedAt ?? new Date().toISOString())}`);
    }, () => {
        // The next autosave tries again if the page is still there.
    });
}

// ---- Submitting and following a submission ----

async function submit() {
    if (submitting || !current) {
        return;
    }

    submitting = true;
    ui.submit.disabled = true;
    clearError(ui.submitError);
    save();
    try {
        const accepted = await api.post("/api/v1/submissions", { language: current, source: editor.getValue(), assignment: assignmentId });
        await follow(accepted.id, { status: accepted.status ?? "Queued", queuePosition: null });
    } catch (error) {
        showError(ui.submitError, error);
    } finally {
        submitting = false;
        ui.submit.disabled = !current;
    }
}

function showProgress(id, submission) {
    ui.progress.hidden = false;
    ui.submitStatus.textContent = statusSentence(submission);
    ui.steps.replaceChildren(progressSteps(submission));
    const link = h("a", { href: `/attempts/${encodeURIComponent(id)}` }, finished(submission.status) ? "See the tests, diffs and messages of this attempt" : "Open this attempt's page");
    ui.submitLink.replaceChildren(link);
    ui.submitLink.hidden = false;
}

/** Polls a submission until it is finished, showing each step; the newest followed wins. */
async function follow(id, first) {
    following = id;
    let submission = first;
    showProgress(id, submission);
    refreshAttempts();
    while (!finished(submission.status)) {
        await sleep(pollMs);
        if (following !== id) {
            return;
        }

        submission = await api.get(`/api/v1/submissions/${encodeURIComponent(id)}`);
        if (following !== id) {
            return;
        }

        showProgress(id, submission);
    }

    judged.set(id, submission);
    following = null;
    // Not awaited: the verdict is shown, so Submit is free again at once; the attempts table
    // catches up on its own (refreshAttempts reports its own errors).
    refreshAttempts();
}

// ---- Attempts ----

async function refreshAttempts() {
    try {
        const attempts = await api.get(`/api/v1/assignments/${encodeURIComponent(assignmentId)}/attempts`);
        const missing = attempts.filter((a) => !judged.has(a.id)).map((a) => a.id).slice(0, 100);
        if (missing.length > 0) {
            for (const submission of await api.get(`/api/v1/submissions/batch?ids=${missing.map(encodeURIComponent).join(",")}`)) {
                if (finished(submission.status)) {
                    judged.set(submission.id, submission);
                }
            }
        }

        renderAttempts(attempts);
        clearError(ui.attemptsError);
        // Reopened while one's own attempt was still being judged: follow it here too.
        const pending = attempts.find((a) => !finished(a.status) && a.userId === me?.id);
        if (pending && following === null) {
            follow(pending.id, { status: pending.status, queuePosition: null }).catch((error) => showError(ui.attemptsError, error));
        }
    } catch (error) {
        showError(ui.attemptsError, error);
    }
}

function renderAttempts(attempts) {
    const staff = assignment.role === "staff";
    ui.attemptsBody.replaceChildren(...attempts.map((attempt) => {
        const result = judged.get(attempt.id)?.result;
        return h("tr", { "data-attempt": attempt.id },
            h("td", {}, h("a", { href: `/attempts/${encodeURIComponent(attempt.id)}` }, time(attempt.createdAt))),
            staff ? h("td", {}, attempt.userName ?? memberNames.get(attempt.userId) ?? attempt.userId ?? "–") : null,
            h("td", {}, verdictBadge(attempt.verdict, attempt.status)),
            h("td", {}, formatScore(attempt.score, result?.maxScore)),
            h("td", {}, testsCell(result)),
            h("td", {}, languageOf(attempt.language).name));
    }));
    ui.attempts.hidden = attempts.length === 0;
    ui.noAttempts.hidden = attempts.length > 0;
}

async function loadMemberNames() {
    try {
        const members = await api.get(`/api/v1/courses/${encodeURIComponent(assignment.courseId)}/members`);
        memberNames = new Map(members.map((m) => [m.userId, m.name]));
    } catch {
        // Ids instead of names: the table is still right.
    }
}

// ---- Start ----

async function start() {
    ui.language.addEventListener("change", () => selectLanguage(ui.language.value));
    ui.submit.addEventListener("click", submit);
    let list;
    try {
        [assignment, list, me] = await Promise.all([
            api.get(`/api/v1/assignments/${encodeURIComponent(assignmentId)}`),
            api.get("/api/v1/languages"),
            session,
        ]);
    } catch (error) {
        ui.title.textContent = error.status === 404 ? "No such assignment" : "The assignment did not load";
        showError(ui.error, error.status === 404
            ? new Error("There is no assignment at this address that you can see: it may be in a course you have not joined.")
            : error);
        document.body.dataset.ready = "true";
        return;
    }

    renderProblem();
    fillLanguages(list);
    if (assignment.draft) {
        selectLanguage(assignment.draft.language, { keepText: true });
        editor.setValue(assignment.draft.source);
        saved = { language: assignment.draft.language, source: assignment.draft.source };
        saveStatus(`Draft saved at ${clock(assignment.draft.savedAt)}`);
    } else {
        selectLanguage(defaultLanguage());
        // The template is not worth saving until it is changed.
        saved = { language: current, source: editor.getValue() };
    }

    if (assignment.role === "staff") {
        ui.attemptsHeading.textContent = "Attempts";
        ui.attemptsScope.hidden = false;
        for (const cell of document.querySelectorAll("#attempts .staff-only")) {
            cell.hidden = false;
        }

        await loadMemberNames();
    }

    ui.work.hidden = false;
    ui.submit.disabled = !current;
    // The token now, so that saving while the page goes away needs no extra request.
    antiforgeryHeaders().catch(() => {});
    setInterval(save, autosaveMs);
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") {
            saveOnLeave();
        }
    });
    window.addEventListener("pagehide", saveOnLeave);
    await refreshAttempts();
    document.body.dataset.ready = "true";
}

start();
