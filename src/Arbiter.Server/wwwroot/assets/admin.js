// /admin: every component at a glance for staff and admins — the queue and each owner's share
// of it, the workers with their drain/resume/stop switches, finished work per minute and
// verdict over the last hour (an SVG chart with the same numbers in a table for screen
// readers), recent jobs and failures, this process's recent log lines, and for admins the users
// and their roles. Refreshes every 5 s.
import { api, clearError, showError } from "/assets/api.js";
import { h, time } from "/assets/dom.js";
import { session } from "/assets/site.js";

const $ = (id) => document.getElementById(id);
const svgNs = "http://www.w3.org/2000/svg";
const refreshMs = 5000;

// Stacking order, bottom up; any other verdict goes on top in the "other" colour.
const verdictOrder = ["AC", "OK", "WA", "TLE", "MLE", "OLE", "RE", "CE", "IE"];
const verdictNames = {
    AC: "accepted", OK: "ran to completion", WA: "wrong answer", TLE: "time limit exceeded",
    MLE: "memory limit exceeded", OLE: "output limit exceeded", RE: "run-time error",
    CE: "compile error", IE: "internal error",
};
const roles = ["student", "staff", "admin"];
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const clockSeconds = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

let generation = 0;
let timer = null;
let stopped = false;
let lastOverview = null;

// ---- formatting -------------------------------------------------------------------------

/** "45 s", "3 min 5 s", "2 h 10 min", "3 d 4 h". */
function duration(seconds) {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) {
        return `${s} s`;
    }

    if (s < 3600) {
        return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
    }

    if (s < 86400) {
        const minutes = Math.floor((s % 3600) / 60);
        return `${Math.floor(s / 3600)} h${minutes ? ` ${minutes} min` : ""}`;
    }

    const hours = Math.floor((s % 86400) / 3600);
    return `${Math.floor(s / 86400)} d${hours ? ` ${hours} h` : ""}`;
}

/** "512 MiB", "76.9 GiB". */
function bytes(count) {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = count;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }

    return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function verdictClass(verdict) {
    return verdictOrder.includes(verdict) ? `v-${verdict}` : "v-other";
}

function sortVerdicts(verdicts) {
    const rank = (v) => (verdictOrder.includes(v) ? verdictOrder.indexOf(v) : verdictOrder.length);
    return [...verdicts].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

// ---- focus kept across re-renders --------------------------------------------------------

/** Re-renders with `render()` and gives focus back to the control that had it (matched by
 * data-focus-key), so a keyboard user's place survives the 5 s refresh. */
function keepingFocus(render) {
    const key = document.activeElement?.dataset?.focusKey;
    render();
    if (key) {
        document.querySelector(`[data-focus-key="${CSS.escape(key)}"]`)?.focus();
    }
}

// ---- cards ---------------------------------------------------------------------------------

function renderCards(overview) {
    const finished = overview.activity.reduce((sum, a) => sum + a.count, 0);
    const failed = overview.activity.filter((a) => a.verdict === "IE").reduce((sum, a) => sum + a.count, 0);
    $("card-queue").textContent = String(overview.queue.depth);
    $("card-wait").textContent = overview.queue.depth > 0 ? duration(overview.queue.oldestWaitSeconds) : "none";
    $("card-workers").textContent = `${overview.workersAlive} of ${overview.workersKnown}`;
    $("card-finished").textContent = String(finished);
    $("card-failed").textContent = String(failed);
    $("card-workers").closest(".card").classList.toggle("warn", overview.workersAlive === 0);
    $("card-failed").closest(".card").classList.toggle("warn", failed > 0);

    const i = overview.instance;
    $("instance").replaceChildren(`Answered by ${i.host}, process ${i.processId} (role ${i.role}, version ${i.version}).`);
}

// ---- workers -------------------------------------------------------------------------------

function gpuText(gpu) {
    if (!gpu || gpu.present !== true) {
        return "no";
    }

    if (gpu.healthy === false) {
        return gpu.error ? `yes, unhealthy: ${gpu.error}` : "yes, unhealthy";
    }

    const count = Array.isArray(gpu.gpus) ? gpu.gpus.length : 0;
    return gpu.healthy === true ? `yes, healthy${count > 1 ? ` (${count})` : ""}` : "yes";
}

function workerState(worker) {
    if (!worker.alive) {
        return worker.stopRequested ? "stopped" : "not responding";
    }

    if (worker.stopRequested) {
        return "stopping";
    }

    return worker.draining ? "draining" : "working";
}

function workerButton(worker, action, label) {
    const button = h("button", {
        type: "button",
        className: action === "stop" ? "danger" : "",
        "aria-label": `${label} worker ${worker.id}`,
        "data-focus-key": `${action}:${worker.id}`,
    }, label);
    button.addEventListener("click", () => workerAction(worker, action, button));
    return button;
}

function renderWorkers(workers) {
    const body = $("workers").tBodies[0];
    keepingFocus(() => body.replaceChildren(...workers.map((worker) => {
        const capabilities = worker.capabilities ?? {};
        const languages = (capabilities.languages ?? []).filter((l) => l.available !== false);
        const gpu = capabilities.gpu;
        const state = workerState(worker);
        const actions = h("div", { className: "row-actions" },
            worker.draining ? workerButton(worker, "resume", "Resume") : workerButton(worker, "drain", "Drain"),
            worker.stopRequested ? null : workerButton(worker, "stop", "Stop"));
        return h("tr", { className: worker.alive ? "" : "stale", "data-worker": worker.id },
            h("th", { scope: "row" }, h("span", { className: "mono" }, worker.id), h("br"),
                h("span", { className: "hint" }, `${worker.host}, pid ${worker.processId}`)),
            h("td", { className: "num" }, String(languages.length)),
            h("td", { className: "num" }, capabilities.cores ?? "–"),
            h("td", { className: gpu?.present && gpu.healthy === false ? "bad" : "" }, gpuText(gpu)),
            h("td", { className: "num" }, worker.load.toFixed(2)),
            h("td", { className: "num" }, bytes(worker.diskFreeBytes)),
            h("td", { className: worker.alive ? "" : "bad" }, `${duration(worker.heartbeatAgeSeconds)} ago`, worker.alive ? "" : " (stale)"),
            h("td", { className: "num" }, String(worker.runningJobs)),
            h("td", { className: `state state-${state.replace(/\s+/g, "-")}` }, state),
            h("td", {}, actions));
    })));
    $("workers").hidden = workers.length === 0;
    $("no-workers").hidden = workers.length > 0;
}

async function workerAction(worker, action, button) {
    clearError($("workers-error"));
    if (action === "stop" && !await confirmStop(worker)) {
        return;
    }

    button.disabled = true;
    try {
        await api.post(`/api/v1/workers/${encodeURIComponent(worker.id)}/${action}`);
        await refresh();
    } catch (error) {
        button.disabled = false;
        showError($("workers-error"), error);
    }
}

/** Asks in a modal dialog; refreshing waits while it is open. Resolves to true for "Stop". */
function confirmStop(worker) {
    const dialog = $("confirm-stop");
    $("confirm-stop-text").textContent =
        `Worker ${worker.id} on ${worker.host} will finish the jobs it holds, take no new ones, and then exit. ` +
        "It comes back only when it is started again on its machine.";
    return new Promise((resolve) => {
        dialog.addEventListener("close", () => resolve(dialog.returnValue === "stop"), { once: true });
        dialog.returnValue = "";
        dialog.showModal();
    });
}

// ---- chart ---------------------------------------------------------------------------------

function svg(tag, attributes = {}, ...children) {
    const element = document.createElementNS(svgNs, tag);
    for (const [name, value] of Object.entries(attributes)) {
        element.setAttribute(name, String(value));
    }

    element.append(...children);
    return element;
}

/** One slot per minute from the minute an hour ago to this one; each {start, counts}. */
function minutes(overview) {
    const end = Math.floor(new Date(overview.at).getTime() / 60000) * 60000;
    const start = end - 60 * 60000;
    const slots = Array.from({ length: 61 }, (_, i) => ({ start: new Date(start + i * 60000), counts: new Map(), total: 0 }));
    for (const { minute, verdict, count } of overview.activity) {
        const index = Math.round((new Date(minute).getTime() - start) / 60000);
        const slot = slots[Math.min(Math.max(index, 0), slots.length - 1)];
        slot.counts.set(verdict, (slot.counts.get(verdict) ?? 0) + count);
        slot.total += count;
    }

    return slots;
}

function renderChart(overview) {
    const slots = minutes(overview);
    const verdicts = sortVerdicts(new Set(overview.activity.map((a) => a.verdict)));
    const max = Math.max(1, ...slots.map((s) => s.total));
    const totals = new Map(verdicts.map((v) => [v, 0]));
    for (const slot of slots) {
        for (const [verdict, count] of slot.counts) {
            totals.set(verdict, totals.get(verdict) + count);
        }
    }

    const total = [...totals.values()].reduce((a, b) => a + b, 0);
    const busiest = slots.reduce((a, b) => (b.total > a.total ? b : a), slots[0]);
    const summary = total === 0
        ? "Finished jobs per minute over the last hour: none."
        : `Finished jobs per minute over the last hour: ${total} in all (${verdicts.map((v) => `${v} ${totals.get(v)}`).join(", ")}); ` +
          `the busiest minute, ${clock.format(busiest.start)}, had ${busiest.total}.`;

    // The plot is stretched to its box (preserveAspectRatio none): one unit per minute across,
    // 100 units for the busiest minute up; the labels are HTML beside it, so text never stretches.
    const plot = svg("svg", { viewBox: `0 0 ${slots.length} 100`, preserveAspectRatio: "none", role: "img", "aria-label": summary });
    for (const y of [0, 50]) {
        plot.append(svg("line", { x1: 0, x2: slots.length, y1: y, y2: y, class: "grid" }));
    }

    slots.forEach((slot, x) => {
        if (slot.total === 0) {
            return;
        }

        const bar = svg("g", { class: "bar" },
            svg("title", {}, `${clock.format(slot.start)}: ${slot.total} finished (${sortVerdicts(slot.counts.keys()).map((v) => `${v} ${slot.counts.get(v)}`).join(", ")})`));
        let top = 100;
        for (const verdict of sortVerdicts(slot.counts.keys())) {
            const height = (slot.counts.get(verdict) / max) * 100;
            top -= height;
            bar.append(svg("rect", { x: x + 0.12, y: top, width: 0.76, height, class: `segment ${verdictClass(verdict)}` }));
        }

        plot.append(bar);
    });
    $("chart").replaceChildren(plot);
    $("chart-max").textContent = String(max);
    $("chart-legend").replaceChildren(...(verdicts.length === 0
        ? [h("li", { className: "hint" }, "Nothing finished in the last hour.")]
        : verdicts.map((v) => h("li", {}, h("span", { className: `swatch ${verdictClass(v)}`, "aria-hidden": "true" }),
            h("abbr", { title: verdictNames[v] ?? v }, v), ` ${totals.get(v)}`))));

    // The same numbers for screen readers: one row per minute that had any.
    const table = $("activity-table");
    table.tHead.replaceChildren(h("tr", {}, h("th", { scope: "col" }, "Minute"), ...verdicts.map((v) => h("th", { scope: "col" }, v)), h("th", { scope: "col" }, "Total")));
    const busy = slots.filter((s) => s.total > 0);
    table.tBodies[0].replaceChildren(...(busy.length === 0
        ? [h("tr", {}, h("td", { colSpan: verdicts.length + 2 }, "Nothing finished in the last hour."))]
        : busy.map((s) => h("tr", {}, h("th", { scope: "row" }, clock.format(s.start)),
            ...verdicts.map((v) => h("td", {}, String(s.counts.get(v) ?? 0))), h("td", {}, String(s.total))))));
}

// ---- the queue by owner --------------------------------------------------------------------

function renderShares(shares) {
    const running = shares.reduce((sum, s) => sum + s.running, 0);
    const table = $("shares");
    table.tBodies[0].replaceChildren(...shares.map((s) => h("tr", {},
        h("th", { scope: "row" }, s.userId === null ? h("span", { className: "hint" }, "anonymous") : (s.name ?? s.userId)),
        h("td", {}, String(s.waiting)),
        h("td", {}, String(s.running)),
        h("td", {}, running > 0 ? `${Math.round((100 * s.running) / running)} %` : "–"))));
    table.hidden = shares.length === 0;
    $("no-shares").hidden = shares.length > 0;
}

// ---- recent jobs, failures, logs -----------------------------------------------------------

function renderSubmissions(tableId, emptyId, submissions, at) {
    const now = new Date(at).getTime();
    const table = $(tableId);
    keepingFocus(() => table.tBodies[0].replaceChildren(...submissions.map((s) => h("tr", {},
        h("th", { scope: "row" }, h("a", { href: `/attempts/${encodeURIComponent(s.id)}`, className: "mono", "data-focus-key": `${tableId}:${s.id}` }, s.ticket)),
        h("td", {}, s.language),
        h("td", {}, s.problem ?? h("span", { className: "hint" }, s.kind === "run" ? "playground run" : "–")),
        h("td", {}, s.status),
        h("td", {}, s.verdict ? h("span", { className: `verdict ${verdictClass(s.verdict)}` }, s.verdict) : "–", s.score !== null && s.score !== undefined ? ` ${s.score}` : ""),
        h("td", {}, h("time", { dateTime: s.createdAt, title: new Date(s.createdAt).toLocaleString() }, `${duration((now - new Date(s.createdAt).getTime()) / 1000)} ago`))))));
    table.hidden = submissions.length === 0;
    $(emptyId).hidden = submissions.length > 0;
}

function renderLogs(logs) {
    const hideRequests = $("hide-requests").checked;
    const shown = logs.filter((l) => !hideRequests || !l.category.startsWith("Microsoft.AspNetCore.") || l.level !== "Information");
    $("logs").replaceChildren(...shown.map((line) => h("li", { className: `log-line level-${line.level.toLowerCase()}` },
        h("time", { dateTime: line.at }, clockSeconds.format(new Date(line.at))), " ",
        h("span", { className: "log-level" }, line.level), " ",
        h("span", { className: "log-category" }, line.category), " ",
        h("span", { className: "log-message" }, line.message))));
    $("logs").hidden = shown.length === 0;
    $("no-logs").hidden = shown.length > 0;
}

// ---- users (admins only) -------------------------------------------------------------------

async function loadUsers() {
    const users = await api.get("/api/v1/users");
    const chosen = $("reset-user").value;
    $("reset-user").replaceChildren(...users.map((user) => h("option", { value: user.id, selected: user.id === chosen }, user.name)));
    $("users").tBodies[0].replaceChildren(...users.map((user) => {
        const select = h("select", { id: `role-${user.id}`, "aria-label": `Role of ${user.name}` },
            ...roles.map((r) => h("option", { value: r, selected: r === user.role }, r)));
        const save = h("button", { type: "button", disabled: true, "aria-label": `Save ${user.name}'s role` }, "Save");
        select.addEventListener("change", () => {
            save.disabled = select.value === user.role;
        });
        save.addEventListener("click", () => setRole(user, select, save));
        return h("tr", { "data-user": user.name },
            h("th", { scope: "row" }, user.name),
            h("td", {}, select),
            h("td", {}, time(user.createdAt)),
            h("td", {}, save));
    }));
}

async function setRole(user, select, button) {
    clearError($("users-error"));
    $("users-status").textContent = "";
    button.disabled = true;
    try {
        await api.post(`/api/v1/users/${encodeURIComponent(user.id)}/role`, { role: select.value });
        $("users-status").textContent = `${user.name} is now ${select.value}.`;
        await loadUsers();
    } catch (error) {
        button.disabled = false;
        showError($("users-error"), error);
    }
}

/** Sets a new password for the chosen user; their web sessions end, their API keys keep working. */
async function resetPassword(event) {
    event.preventDefault();
    clearError($("users-error"));
    $("users-status").textContent = "";
    const form = event.currentTarget;
    const select = $("reset-user");
    const name = select.selectedOptions[0]?.textContent ?? "";
    form.querySelector("button[type=submit]").disabled = true;
    try {
        await api.post(`/api/v1/users/${encodeURIComponent(select.value)}/password`, { password: $("reset-new-password").value });
        $("reset-new-password").value = "";
        $("users-status").textContent = `${name} has a new password; their sessions have ended.`;
    } catch (error) {
        showError($("users-error"), error);
    } finally {
        form.querySelector("button[type=submit]").disabled = false;
    }
}

// ---- loading and refreshing ----------------------------------------------------------------

function render(overview, workers) {
    lastOverview = overview;
    renderCards(overview);
    renderWorkers(workers);
    renderShares(overview.shares);
    renderChart(overview);
    renderSubmissions("recent", "no-recent", overview.recent, overview.at);
    renderSubmissions("failures", "no-failures", overview.failures, overview.at);
    renderLogs(overview.logs);
    $("updated").textContent = `Updated ${clockSeconds.format(new Date())}`;
}

/** Loads everything and shows it; an older load that answers after a newer one is dropped. */
async function refresh() {
    const mine = ++generation;
    try {
        const [overview, workers] = await Promise.all([api.get("/api/v1/admin/overview"), api.get("/api/v1/workers")]);
        if (mine === generation && !stopped) {
            clearError($("error"));
            render(overview, workers);
            $("dashboard").hidden = false;
        }
    } catch (error) {
        if (mine !== generation) {
            return;
        }

        showError($("error"), error);
        // Signed out or not allowed: nothing here is for this visitor, so stop asking.
        if (error.status === 401 || error.status === 403) {
            stopped = true;
            $("dashboard").hidden = true;
        }
    }
}

function schedule() {
    clearTimeout(timer);
    if (!stopped) {
        timer = setTimeout(tick, refreshMs);
    }
}

async function tick() {
    if ($("auto-refresh").checked && !$("confirm-stop").open && !document.hidden) {
        await refresh();
    }

    schedule();
}

async function start() {
    const me = await session;
    $("refresh").addEventListener("click", async () => {
        $("refresh").disabled = true;
        await refresh();
        $("refresh").disabled = false;
        schedule();
    });
    $("hide-requests").addEventListener("change", () => lastOverview && renderLogs(lastOverview.logs));
    $("confirm-stop-yes").addEventListener("click", () => $("confirm-stop").close("stop"));
    $("confirm-stop-no").addEventListener("click", () => $("confirm-stop").close("cancel"));

    await refresh();
    if (!stopped && me.authenticated && me.role === "admin") {
        $("reset-password").addEventListener("submit", resetPassword);
        $("users-section").hidden = false;
        try {
            await loadUsers();
        } catch (error) {
            showError($("users-error"), error);
        }
    }

    schedule();
    document.body.dataset.ready = "true";
}

start();
