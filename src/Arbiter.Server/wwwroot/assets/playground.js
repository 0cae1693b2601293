// The playground (/ and /s/{id}): pick a language, write a program, give it stdin, run it and
// read its output; Share makes a permalink that restores code, language and stdin.
import { api, clearError, showError } from "/assets/api.js";
import { copyText, formatKiB, formatMs, h, time } from "/assets/dom.js";
import { createEditor } from "/assets/editor.js";
import { helloInput, helloPrograms } from "/assets/hello.js";

const $ = (id) => document.getElementById(id);
const ui = {
    language: $("language"), stdin: $("stdin"), run: $("run"), share: $("share"), error: $("error"),
    notice: $("share-notice"), shareResult: $("share-result"), shareLink: $("share-link"), copy: $("copy-link"),
    shareExpiry: $("share-expiry"), status: $("run-status"), result: $("result"), facts: $("facts"),
    compile: $("compile"), diagnostics: $("diagnostics"), compileOutput: $("compile-output"),
    stdout: $("stdout"), stderr: $("stderr"), streams: [$("stdout-heading"), $("stdout"), $("stderr-heading"), $("stderr")],
};

const statusWords = {
    OK: "ran to completion", RE: "run-time error", TLE: "time limit exceeded", MLE: "memory limit exceeded",
    OLE: "output limit exceeded", IE: "internal error (the sandbox failed, not the program)",
};
const signalNames = { 4: "SIGILL", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 11: "SIGSEGV", 13: "SIGPIPE", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ" };
const storedLanguage = "arbiter.playground.language";

let languages = new Map();
let current = null;
let running = false;

const editor = createEditor($("editor"), { labelledBy: "editor-label", describedBy: "editor-help", onRun: run });

function languageOf(id) {
    return languages.get(id) ?? { id, name: id, extensions: [] };
}

/** Switches language; a program still empty or untouched becomes the new language's hello. */
function selectLanguage(id, { keepText = false } = {}) {
    const previous = current;
    current = id;
    ui.language.value = id;
    const language = languageOf(id);
    editor.setLanguage(id, language.extensions);
    const text = editor.getValue();
    if (!keepText && (text.trim() === "" || text === helloPrograms[previous])) {
        editor.setValue(helloPrograms[id] ?? "");
        if (ui.stdin.value.trim() === "") {
            ui.stdin.value = helloInput;
        }
    }

    try {
        localStorage.setItem(storedLanguage, id);
    } catch {
        // Storage may be off (private mode): the choice just is not remembered.
    }
}

function fillLanguages(list) {
    languages = new Map(list.map((l) => [l.id, l]));
    ui.language.replaceChildren(...list.map((l) => h("option", {
        value: l.id,
        disabled: l.available === false,
    }, `${l.name}${l.version ? ` (${l.version})` : ""}${l.available === false ? " — not installed" : ""}`)));
    ui.language.disabled = false;
}

function ensureOption(id) {
    if (!languages.has(id)) {
        ui.language.append(h("option", { value: id }, id));
    }
}

function defaultLanguage() {
    let remembered = null;
    try {
        remembered = localStorage.getItem(storedLanguage);
    } catch {
        // See selectLanguage.
    }

    const usable = [...languages.values()].filter((l) => l.available !== false);
    return [remembered, "python3", usable[0]?.id].find((id) => id && languages.get(id)?.available !== false) ?? usable[0]?.id;
}

function shareId() {
    const match = /^\/s\/([^/]+)\/?$/.exec(location.pathname);
    return match ? decodeURIComponent(match[1]) : null;
}

async function restoreShare(id) {
    try {
        const shared = await api.get(`/api/v1/shares/${encodeURIComponent(id)}`);
        ensureOption(shared.language);
        selectLanguage(shared.language, { keepText: true });
        editor.setValue(shared.source ?? "");
        ui.stdin.value = shared.stdin ?? "";
        ui.notice.className = "notice";
        ui.notice.replaceChildren(h("p", {}, "A shared program, saved ", time(shared.createdAt), ". This link works until ", time(shared.expiresAt), "."));
        ui.notice.hidden = false;
        return true;
    } catch (error) {
        ui.notice.className = "notice error";
        const message = error.status === 404 ? "No shared program has this link."
            : error.status === 410 ? (error.problem?.detail || "This link has expired.")
            : null;
        if (message) {
            ui.notice.replaceChildren(h("p", {}, message), h("p", {}, "The playground below starts afresh."));
            ui.notice.hidden = false;
        } else {
            showError(ui.notice, error);
        }

        return false;
    }
}

function setBusy(busy) {
    running = busy;
    ui.run.disabled = busy || !current;
    ui.share.disabled = !current;
    ui.run.textContent = busy ? "Running…" : "Run";
    ui.run.setAttribute("aria-busy", busy ? "true" : "false");
}

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function run() {
    if (running || !current) {
        return;
    }

    setBusy(true);
    clearError(ui.error);
    ui.status.textContent = "Running…";
    try {
        let submission = await api.post("/api/v1/submissions?wait=true", { language: current, source: editor.getValue(), stdin: ui.stdin.value });
        // Answered 202: it did not finish within the server's wait; follow it.
        while (submission.status !== "Judged" && submission.status !== "Failed") {
            ui.status.textContent = submission.status === "Queued" && submission.waiting ? `Queued, waiting: ${submission.waiting}.`
                : submission.status === "Queued" && submission.queuePosition ? `Queued: ${submission.queuePosition} ahead…` : `${submission.status}…`;
            await sleep(700);
            submission = await api.get(`/api/v1/submissions/${encodeURIComponent(submission.id)}`);
        }

        render(submission);
    } catch (error) {
        ui.status.textContent = "The program was not run.";
        showError(ui.error, error);
    } finally {
        setBusy(false);
    }
}

function fact(key, label, ...value) {
    return h("div", { "data-fact": key }, h("dt", {}, label), h("dd", {}, ...value));
}

function stream(element, text, truncated) {
    element.replaceChildren();
    element.classList.toggle("empty", !text);
    element.append(text ? text : "(nothing)");
    if (truncated) {
        element.append(h("span", { className: "truncated" }, "\n[cut off at the output limit]"));
    }
}

function renderDiagnostics(compile) {
    const items = compile.diagnostics?.items ?? [];
    ui.diagnostics.replaceChildren(...items.map((d) => {
        const where = d.line ? `Line ${d.line}${d.column ? `, column ${d.column}` : ""}` : d.file ?? "";
        const jump = h("button", { type: "button", className: "link-button", title: "Show this line in the editor" }, where);
        jump.addEventListener("click", () => editor.goTo(d.line ?? 1, d.column ?? 1));
        return h("li", { className: `diagnostic ${String(d.severity).toLowerCase()}` },
            d.line ? jump : where, ` ${String(d.severity).toLowerCase()}: `, d.message);
    }));
    ui.diagnostics.hidden = items.length === 0;
    // The parsed list says it better; raw output only when nothing could be parsed.
    ui.compileOutput.hidden = items.length > 0 || !compile.output;
    ui.compileOutput.textContent = compile.output ?? "";
    ui.compile.hidden = compile.succeeded && items.length === 0;
}

function render(submission) {
    const result = submission.result;
    const compile = result?.compile;
    const runResult = result?.run;
    const facts = [];
    ui.compile.hidden = true;
    if (submission.status === "Failed" || !result) {
        const detail = submission.history?.at(-1)?.detail;
        ui.status.textContent = "The judge could not finish this run.";
        facts.push(fact("status", "Status", "IE — internal error", detail ? `: ${detail}` : ""));
    } else if (compile && !compile.succeeded) {
        const errors = compile.diagnostics?.errorCount ?? 0;
        ui.status.textContent = `Compilation failed${errors ? `: ${errors} error${errors === 1 ? "" : "s"}` : ""}.`;
        facts.push(fact("status", "Status", "CE — compilation failed"));
        facts.push(fact("compile-time", "Compile time", formatMs(compile.timeMs)));
    } else if (runResult) {
        const ending = runResult.signal !== null && runResult.signal !== undefined
            ? fact("signal", "Signal", `${runResult.signal}${signalNames[runResult.signal] ? ` (${signalNames[runResult.signal]})` : ""}`)
            : fact("exit", "Exit code", String(runResult.exitCode));
        facts.push(fact("status", "Status", `${runResult.status} — ${statusWords[runResult.status] ?? runResult.status}`));
        facts.push(ending);
        facts.push(fact("time", "CPU time", formatMs(runResult.cpuTimeMs)));
        facts.push(fact("wall-time", "Wall time", formatMs(runResult.wallTimeMs)));
        facts.push(fact("memory", "Memory", formatKiB(runResult.memoryKiB)));
        if (compile?.timeMs != null) {
            facts.push(fact("compile-time", "Compile time", `${formatMs(compile.timeMs)}${compile.cacheHit ? " (cached)" : ""}`));
        }

        // "exited with code 3" would only repeat the exit code.
        if (runResult.message && !/^exited with code/.test(runResult.message)) {
            facts.push(fact("message", "Note", runResult.message));
        }

        ui.status.textContent = `Finished: ${runResult.status}, ${runResult.signal != null ? `signal ${runResult.signal}` : `exit code ${runResult.exitCode}`}, ${formatMs(runResult.cpuTimeMs)} CPU.`;
    }

    if (compile) {
        renderDiagnostics(compile);
    }

    ui.facts.replaceChildren(...facts);
    for (const element of ui.streams) {
        element.hidden = !runResult;
    }

    if (runResult) {
        stream(ui.stdout, runResult.stdout, runResult.stdoutTruncated);
        stream(ui.stderr, runResult.stderr, runResult.stderrTruncated);
    }

    ui.result.hidden = false;
}

async function share() {
    clearError(ui.error);
    ui.share.disabled = true;
    try {
        const shared = await api.post("/api/v1/shares", { language: current, source: editor.getValue(), stdin: ui.stdin.value });
        ui.shareLink.value = new URL(shared.url ?? `/s/${shared.id}`, location.origin).href;
        ui.shareExpiry.replaceChildren("Anyone with this link can open the program until ", time(shared.expiresAt), ".");
        ui.shareResult.hidden = false;
        ui.shareLink.focus();
        ui.shareLink.select();
    } catch (error) {
        showError(ui.error, error);
    } finally {
        ui.share.disabled = !current;
    }
}

async function copyLink() {
    const copied = await copyText(ui.shareLink.value, ui.shareLink);
    ui.copy.textContent = copied ? "Copied" : "Copy failed";
    setTimeout(() => { ui.copy.textContent = "Copy"; }, 2000);
}

async function start() {
    ui.language.addEventListener("change", () => selectLanguage(ui.language.value));
    ui.run.addEventListener("click", run);
    ui.share.addEventListener("click", share);
    ui.copy.addEventListener("click", copyLink);
    // Ctrl-Enter runs from the stdin box and the rest of the page too (the editor has its own).
    document.addEventListener("keydown", (event) => {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && !event.defaultPrevented) {
            event.preventDefault();
            run();
        }
    });

    try {
        fillLanguages(await api.get("/api/v1/languages"));
    } catch (error) {
        ui.language.replaceChildren(h("option", {}, "No languages"));
        ui.status.textContent = "The playground cannot start: the languages did not load.";
        showError(ui.error, error);
        document.body.dataset.ready = "true";
        return;
    }

    const id = shareId();
    if (!(id && await restoreShare(id))) {
        selectLanguage(defaultLanguage());
    }

    setBusy(false);
    document.body.dataset.ready = "true";
}

start();
