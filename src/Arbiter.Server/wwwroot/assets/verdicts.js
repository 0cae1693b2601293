// How the course pages show judging: verdict names and badges, scores, how many tests passed,
// and the Queued → Compiling → Running → Judged steps of a submission.
import { h } from "/assets/dom.js";

export const verdictNames = {
    AC: "Accepted", WA: "Wrong answer", TLE: "Time limit exceeded", MLE: "Memory limit exceeded",
    OLE: "Output limit exceeded", RE: "Run-time error", CE: "Compile error", IE: "Internal error",
    OK: "Ran to completion",
};

/** True once a submission will change no more. */
export function finished(status) {
    return status === "Judged" || status === "Failed";
}

/** "WA" in a coloured badge followed by its name ("Wrong answer"); a status word while the
 * submission is not judged yet. */
export function verdictBadge(verdict, status = "Judged", { short = false } = {}) {
    if (status === "Failed") {
        verdict = "IE";
    }

    if (!verdict) {
        return h("span", { className: "verdict-badge pending" }, finished(status) ? "–" : `${status}…`);
    }

    const name = verdictNames[verdict] ?? verdict;
    return h("span", { className: "verdict-with-name" },
        h("span", { className: `verdict-badge ${verdict === "AC" || verdict === "OK" ? "good" : "bad"}`, "data-verdict": verdict }, verdict),
        short ? h("span", { className: "visually-hidden" }, ` ${name}`) : ` ${name}`);
}

/** "25", "0.5 / 1": a score, with the most it could be when that is known. */
export function formatScore(score, maxScore) {
    if (score === null || score === undefined) {
        return "–";
    }

    const number = (n) => String(Math.round(n * 100) / 100);
    return maxScore === null || maxScore === undefined || maxScore <= 0 ? number(score) : `${number(score)} / ${number(maxScore)}`;
}

/** {passed, total, failed: [names]} over a judge report's tests; null when no test ran. */
export function testCounts(result) {
    const tests = result?.tests ?? [];
    if (tests.length === 0) {
        return null;
    }

    const failed = tests.filter((t) => t.verdict !== "AC").map((t) => t.name);
    return { passed: tests.length - failed.length, total: tests.length, failed };
}

/** "4 / 6 passed", and which failed (the first few), for a table cell. */
export function testsCell(result) {
    const counts = testCounts(result);
    if (!counts) {
        return "–";
    }

    const shown = counts.failed.slice(0, 3).join(", ");
    const more = counts.failed.length > 3 ? ` and ${counts.failed.length - 3} more` : "";
    return h("span", { className: "tests-cell" },
        h("span", { "data-tests": `${counts.passed}/${counts.total}` }, `${counts.passed} / ${counts.total} passed`),
        counts.failed.length > 0 ? h("span", { className: "hint failed-tests" }, `failed: ${shown}${more}`) : null);
}

const steps = ["Queued", "Compiling", "Running", "Judged"];

/** An ordered list of the steps with the current one marked (aria-current="step"). */
export function progressSteps(submission) {
    const failed = submission.status === "Failed";
    const at = failed ? steps.length - 1 : Math.max(0, steps.indexOf(submission.status));
    return h("ol", { className: "steps" }, ...steps.map((step, index) => {
        const label = failed && index === at ? "Failed" : step;
        const state = index < at || (index === at && finished(submission.status)) ? "done" : index === at ? "current" : "todo";
        return h("li", { className: `step ${state}${failed && index === at ? " failed" : ""}`, "aria-current": index === at ? "step" : null },
            label, step === "Queued" && index === at && submission.queuePosition ? ` (${submission.queuePosition} ahead)` : "");
    }));
}

/** The sentence a live status region says about a submission. */
export function statusSentence(submission) {
    switch (submission.status) {
        case "Queued":
            // The server says why when no live worker takes this language; "…" would wait forever.
            return submission.waiting ? `Queued, waiting: ${submission.waiting}.`
                : submission.queuePosition ? `Queued: ${submission.queuePosition} ahead of it…` : "Queued…";
        case "Compiling":
            return "Compiling…";
        case "Running":
            return "Running the tests…";
        case "Failed":
            return "The judge could not finish this submission (an internal error, not your program's fault).";
        default: {
            const result = submission.result;
            const verdict = submission.verdict ?? result?.verdict;
            const counts = testCounts(result);
            return `Judged: ${verdict} (${verdictNames[verdict] ?? verdict}), score ${formatScore(submission.score ?? result?.score, result?.maxScore)}`
                + (counts ? `, ${counts.passed} of ${counts.total} tests passed.` : ".");
        }
    }
}
