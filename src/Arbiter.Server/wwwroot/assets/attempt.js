// /attempts/{id}: one judged submission in full — verdict and score, each test, the diff of
// each failed test, compiler diagnostics and valgrind findings that jump to their line in the
// submitted code, step timings and status history. Follows the submission live until judged.
import { api, showError } from "/assets/api.js";
import { formatKiB, formatMs, h, time } from "/assets/dom.js";
import { createEditor } from "/assets/editor.js";
import { session } from "/assets/site.js";
import { finished, formatScore, progressSteps, statusSentence, testCounts, verdictBadge } from "/assets/verdicts.js";

const $ = (id) => document.getElementById(id);
const pollMs = 700;
const attemptId = decodeURIComponent(/^\/attempts\/([^/]+)\/?$/.exec(location.pathname)?.[1] ?? "");

let editor = null;
let mainFile = null;
let languages = new Map();

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

function fact(key, label, ...value) {
    return h("div", { "data-fact": key }, h("dt", {}, label), h("dd", {}, ...value));
}

/** A button that shows a line of the submitted code, or plain text when the line is not in
 * the file shown (another file, or no line known). */
function lineButton(file, line, column, text) {
    const here = line > 0 && (!file || !mainFile || file === mainFile || file.endsWith(`/${mainFile}`));
    if (!here) {
        return text;
    }

    const button = h("button", { type: "button", className: "link-button", title: "Show this line in the submitted code" }, text);
    button.addEventListener("click", () => editor?.goTo(line, column || 1));
    return button;
}

// ---- Sections ----

function renderFacts(submission, result, extra) {
    const counts = testCounts(result);
    const run = submission.kind === "run";
    const facts = [
        fact("verdict", run ? "Status" : "Verdict", verdictBadge(submission.verdict ?? result?.verdict, submission.status)),
        run ? null : fact("score", "Score", formatScore(submission.score ?? result?.score, result?.maxScore)),
        counts ? fact("tests", "Tests passed", `${counts.passed} of ${counts.total}`) : null,
        fact("language", "Language", languages.get(submission.language)?.name ?? submission.language),
        fact("submitted", "Submitted", time(submission.createdAt)),
        fact("ticket", "Ticket", h("code", {}, submission.ticket)),
        ...extra,
    ];
    $("facts").replaceChildren(...facts.filter(Boolean));
}

function renderCompile(compile) {
    const items = compile?.diagnostics?.items ?? [];
    const violations = compile?.violations ?? [];
    $("compile-section").hidden = !compile || (compile.succeeded && items.length === 0 && violations.length === 0);
    if ($("compile-section").hidden) {
        return;
    }

    const summary = compile.succeeded
        ? "Compiled, with these messages."
        : `Compilation failed${compile.message ? `: ${compile.message}` : "."}`;
    $("compile-message").textContent = summary;
    $("diagnostics").replaceChildren(
        ...items.map((d) => {
            const severity = String(d.severity).toLowerCase();
            const where = d.line ? `Line ${d.line}${d.column ? `, column ${d.column}` : ""}` : d.file ?? "";
            return h("li", { className: `diagnostic ${severity}` },
                lineButton(d.file, d.line, d.column, where), ` ${severity}: `, d.message, d.code ? h("span", { className: "hint" }, ` [${d.code}]`) : "");
        }),
        ...violations.map((v) => h("li", { className: "diagnostic error" },
            v.line > 0 ? lineButton(v.file, v.line, 1, `Line ${v.line}`) : "", v.line > 0 ? " " : "", v.message)));
    $("diagnostics").hidden = items.length === 0 && violations.length === 0;
    // Raw compiler output only when nothing could be parsed from it.
    const raw = !compile.succeeded && items.length === 0 && violations.length === 0 && compile.output && compile.output.trim() !== "[]";
    $("compile-output").hidden = !raw;
    $("compile-output").textContent = raw ? compile.output : "";
}

function renderTests(result) {
    const tests = result?.tests ?? [];
    $("tests-section").hidden = tests.length === 0;
    document.querySelector("#tests tbody").replaceChildren(...tests.map((test, index) => {
        const detailed = test.verdict !== "AC" && hasDetails(test);
        return h("tr", { "data-test": test.name },
            h("th", { scope: "row" }, detailed ? h("a", { href: `#failure-${index}` }, test.name) : test.name,
                test.sample ? h("span", { className: "hint" }, " (sample)") : ""),
            h("td", {}, verdictBadge(test.verdict, "Judged", { short: true })),
            h("td", {}, formatMs(test.cpuTimeMs)),
            h("td", {}, formatKiB(test.memoryKiB)),
            // A secret test's data is kept from students (the server drops it); say so.
            h("td", { className: "message" }, test.hidden && test.verdict !== "AC" ? h("span", { className: "hint" }, "secret test: its data is not shown") : test.message ?? ""));
    }));
}

/** A playground run (the admin dashboard links every job here): its exit and its output. */
function renderRun(run) {
    $("run-section").hidden = !run;
    if (!run) {
        return;
    }

    $("run-facts").replaceChildren(...[
        run.signal !== null && run.signal !== undefined ? fact("signal", "Signal", String(run.signal)) : fact("exit", "Exit code", String(run.exitCode)),
        fact("time", "CPU time", formatMs(run.cpuTimeMs)),
        fact("wall-time", "Wall time", formatMs(run.wallTimeMs)),
        fact("memory", "Memory", formatKiB(run.memoryKiB)),
        // "exited with code 3" would only repeat the exit code.
        run.message && !/^exited with code/.test(run.message) ? fact("message", "Note", run.message) : null,
    ].filter(Boolean));
    for (const [id, text, truncated] of [["stdout", run.stdout, run.stdoutTruncated], ["stderr", run.stderr, run.stderrTruncated]]) {
        $(id).classList.toggle("empty", !text);
        $(id).replaceChildren(text || "(nothing)", truncated ? h("span", { className: "truncated" }, "\n[cut off at the output limit]") : "");
    }
}

function sentence(submission) {
    const run = submission.result?.run;
    if (submission.kind !== "run" || submission.status !== "Judged") {
        return statusSentence(submission);
    }

    return run
        ? `Finished: ${run.status}, ${run.signal !== null && run.signal !== undefined ? `signal ${run.signal}` : `exit code ${run.exitCode}`}.`
        : "Compilation failed.";
}

function hasDetails(test) {
    return (test.diff && !test.diff.identical) || Boolean(test.stderr);
}

const diffMarks = {
    Equal: ["", "same"], Changed: ["≠", "different"], Removed: ["−", "missing from your output"], Added: ["+", "only in your output"],
};

function diffTable(diff, index) {
    const rows = diff.lines.map((line) => {
        const [mark, words] = diffMarks[line.kind] ?? ["?", line.kind];
        const side = (text) => text === null || text === undefined
            ? h("td", { className: "diff-none" }, h("span", { className: "visually-hidden" }, "no line"))
            : h("td", { className: "diff-text" }, h("code", {}, text));
        return h("tr", { className: `diff-${String(line.kind).toLowerCase()}` },
            h("td", { className: "diff-mark", title: words }, mark, h("span", { className: "visually-hidden" }, words)),
            h("td", { className: "diff-line" }, line.expectedLine ?? ""),
            side(line.expected),
            h("td", { className: "diff-line" }, line.actualLine ?? ""),
            side(line.actual));
    });
    return h("div", { className: "table-scroll" },
        h("table", { className: "diff", id: `diff-${index}` },
            h("caption", { className: "visually-hidden" }, "Expected output and your output, line by line"),
            h("thead", {}, h("tr", {},
                h("th", { scope: "col" }, h("span", { className: "visually-hidden" }, "Change")),
                h("th", { scope: "col" }, "Line"), h("th", { scope: "col" }, "Expected"),
                h("th", { scope: "col" }, "Line"), h("th", { scope: "col" }, "Your output"))),
            h("tbody", {}, ...rows)));
}

function renderFailures(result) {
    const blocks = (result?.tests ?? []).map((test, index) => [test, index]).filter(([test]) => test.verdict !== "AC" && hasDetails(test))
        .map(([test, index]) => {
            const diff = test.diff && !test.diff.identical ? test.diff : null;
            return h("section", { className: "failure", id: `failure-${index}`, "aria-labelledby": `failure-${index}-heading` },
                h("h3", { id: `failure-${index}-heading` }, test.name, " ", verdictBadge(test.verdict, "Judged", { short: true })),
                diff?.firstDifference ? h("p", {}, diff.firstDifference.description) : null,
                diff && diff.notes.length > 0 ? h("ul", { className: "notes" }, ...diff.notes.map((note) => h("li", {}, note))) : null,
                diff && diff.lines.length > 0 ? diffTable(diff, index) : null,
                diff?.truncated ? h("p", { className: "hint" }, "Only the first lines were compared.") : null,
                test.stderr ? h("div", {},
                    h("p", { className: "label", id: `failure-${index}-stderr` }, "stderr"),
                    h("pre", { className: "stream", tabIndex: 0, "aria-labelledby": `failure-${index}-stderr` }, test.stderr)) : null);
        });
    $("failures").replaceChildren(...blocks);
    $("failures-section").hidden = blocks.length === 0;
}

function bytes(count, blocks) {
    return `${count} byte${count === 1 ? "" : "s"} in ${blocks} block${blocks === 1 ? "" : "s"}`;
}

function renderValgrind(valgrind) {
    $("valgrind-section").hidden = !valgrind;
    if (!valgrind) {
        return;
    }

    // Still-reachable memory is not a mistake worth a student's time (memcheck's own advice).
    const errors = valgrind.errors.filter((e) => e.kind !== "LeakStillReachable");
    const items = errors.map((e) => h("li", { className: `diagnostic ${e.isLeak ? "warning" : "error"}` },
        e.where?.line > 0 ? lineButton(e.where.file, e.where.line, 1, `Line ${e.where.line}`) : "", e.where?.line > 0 ? " " : "", e.summary));
    if (valgrind.fatalSignal) {
        const where = valgrind.fatalSignal.where;
        items.push(h("li", { className: "diagnostic error" },
            where?.line > 0 ? lineButton(where.file, where.line, 1, `Line ${where.line}`) : "", where?.line > 0 ? " " : "", valgrind.fatalSignal.summary));
    }

    if (valgrind.totalErrors > valgrind.errors.length) {
        items.push(h("li", { className: "diagnostic" }, `… and ${valgrind.totalErrors - valgrind.errors.length} more problems not shown.`));
    }

    if (!valgrind.complete) {
        items.push(h("li", { className: "diagnostic" }, "Valgrind's report is incomplete (the run was stopped before valgrind finished)."));
    }

    $("valgrind-verdict").textContent = items.length === 0 ? "Valgrind found no memory errors and no leaks." : "Valgrind found:";
    $("valgrind").replaceChildren(...items);
    $("valgrind").hidden = items.length === 0;
    const leaks = valgrind.leaks;
    $("leaks").replaceChildren(...(leaks && leaks.lostBytes > 0 ? [
        fact("definitely-lost", "Definitely lost", bytes(leaks.definitelyLostBytes, leaks.definitelyLostBlocks)),
        fact("indirectly-lost", "Indirectly lost", bytes(leaks.indirectlyLostBytes, leaks.indirectlyLostBlocks)),
        fact("possibly-lost", "Possibly lost", bytes(leaks.possiblyLostBytes, leaks.possiblyLostBlocks)),
    ] : []));
}

function renderTimings(submission, result) {
    const times = result?.times;
    const compile = result?.compile;
    $("times").replaceChildren(...(times ? [
        fact("compile-time", "Compiling", `${formatMs(times.compileMs)}${compile?.cacheHit ? " (cached)" : ""}`),
        fact("tests-time", "Running the tests", formatMs(times.testsMs)),
        fact("check-time", "Checking the output", formatMs(times.checkMs)),
        fact("total-time", "In all", formatMs(times.totalMs)),
    ] : []));
    const history = submission.history ?? [];
    document.querySelector("#history tbody").replaceChildren(...history.map((step, index) => {
        const next = history[index + 1];
        const took = next ? formatMs(new Date(next.at) - new Date(step.at)) : finished(step.status) ? "" : "…";
        return h("tr", {},
            h("th", { scope: "row" }, step.status),
            h("td", {}, time(step.at)),
            h("td", {}, took),
            h("td", {}, step.detail ?? ""));
    }));
    $("timing-section").hidden = history.length === 0 && !times;
}

function render(submission, extraFacts) {
    const result = submission.result;
    $("live-status").textContent = sentence(submission);
    $("steps").replaceChildren(finished(submission.status) ? "" : progressSteps(submission));
    renderFacts(submission, result, extraFacts);
    renderCompile(result?.compile);
    renderRun(result?.run);
    renderTests(result);
    renderFailures(result);
    renderValgrind(result?.valgrind);
    renderTimings(submission, result);
}

// ---- The code ----

async function loadCode(submission) {
    try {
        const { files } = await api.get(`/api/v1/submissions/${encodeURIComponent(attemptId)}/source`);
        const [main, ...others] = files;
        mainFile = main?.name ?? null;
        $("code-label").textContent = mainFile ?? "Source";
        const language = languages.get(submission.language);
        editor = createEditor($("code"), {
            doc: main?.encoding === "base64" ? "(not text)" : main?.content ?? "",
            language: submission.language, extensions: language?.extensions ?? [],
            labelledBy: "code-label", describedBy: "code-help", readOnly: true,
        });
        $("other-files").replaceChildren(...others.map((file, index) => h("div", {},
            h("p", { className: "label", id: `file-${index}` }, file.name),
            h("pre", { className: "stream", tabIndex: 0, "aria-labelledby": `file-${index}` },
                file.encoding === "base64" ? `(not text: ${Math.floor(file.content.length * 3 / 4)} bytes)` : file.content))));
    } catch (error) {
        showError($("code-error"), error);
    }
}

// ---- Start ----

/** Where the attempt belongs (assignment and course) and, for staff, whose it is. */
async function context(submission, me) {
    const facts = [];
    if (!submission.assignment) {
        return facts;
    }

    try {
        const assignment = await api.get(`/api/v1/assignments/${encodeURIComponent(submission.assignment)}`);
        $("breadcrumbs").replaceChildren(
            h("a", { href: `/courses/${encodeURIComponent(assignment.courseId)}` }, assignment.courseTitle), " › ",
            h("a", { href: `/assignments/${encodeURIComponent(assignment.id)}` }, assignment.title));
        document.title = `Attempt ${submission.ticket} · ${assignment.title} · Arbiter`;
        if (submission.owner && submission.owner !== me.id && assignment.role === "staff") {
            const members = await api.get(`/api/v1/courses/${encodeURIComponent(assignment.courseId)}/members`).catch(() => []);
            facts.push(fact("student", "Student", members.find((m) => m.userId === submission.owner)?.name ?? submission.owner));
        }
    } catch {
        // The attempt is still worth showing without its breadcrumbs.
    }

    return facts;
}

async function start() {
    let submission;
    let me;
    try {
        [submission, me] = await Promise.all([api.get(`/api/v1/submissions/${encodeURIComponent(attemptId)}`), session]);
    } catch (error) {
        $("title").textContent = error.status === 404 ? "No such attempt" : "The attempt did not load";
        showError($("error"), error.status === 404
            ? new Error("There is no attempt at this address that you can see: an attempt is shown only to the person who made it and to their course's staff.")
            : error);
        document.body.dataset.ready = "true";
        return;
    }

    $("title").textContent = `${submission.kind === "run" ? "Run" : "Attempt"} ${submission.ticket}`;
    try {
        languages = new Map((await api.get("/api/v1/languages")).map((l) => [l.id, l]));
    } catch {
        // Language ids instead of names, and no highlighting.
    }

    const extraFacts = await context(submission, me);
    render(submission, extraFacts);
    $("content").hidden = false;
    await loadCode(submission);
    document.body.dataset.ready = "true";

    while (!finished(submission.status)) {
        await sleep(pollMs);
        try {
            submission = await api.get(`/api/v1/submissions/${encodeURIComponent(attemptId)}`);
        } catch (error) {
            showError($("error"), error);
            return;
        }

        render(submission, extraFacts);
    }
}

start();
