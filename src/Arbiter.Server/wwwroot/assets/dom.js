// Small helpers for building pages without innerHTML: every piece of data becomes a text node.

/** Creates an element: h("a", { href: "/x", className: "y" }, "text", child…). Properties are
 * assigned (className, hidden, textContent…), except names with a dash (aria-*, data-*), which
 * become attributes; strings and numbers among the children become text nodes. */
export function h(tag, properties = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(properties ?? {})) {
        if (value === undefined || value === null || value === false) {
            continue;
        }

        if (name.includes("-")) {
            element.setAttribute(name, value === true ? "" : String(value));
        } else {
            element[name] = value;
        }
    }

    for (const child of children.flat()) {
        if (child !== undefined && child !== null && child !== false) {
            element.append(child instanceof Node ? child : String(child));
        }
    }

    return element;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A <time> element showing an ISO date in the reader's locale. */
export function time(iso) {
    const date = new Date(iso);
    return h("time", { dateTime: date.toISOString() }, Number.isNaN(date.getTime()) ? String(iso) : dateFormat.format(date));
}

/** "3.2 ms", "1.24 s". */
export function formatMs(ms) {
    if (ms === null || ms === undefined) {
        return "–";
    }

    return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** "640 KiB", "12.5 MiB". */
export function formatKiB(kib) {
    if (kib === null || kib === undefined) {
        return "–";
    }

    return kib >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${kib} KiB`;
}

/** Copies text to the clipboard, falling back to selecting an input's text where the
 * Clipboard API is missing (plain http on another host). Resolves to true when copied. */
export async function copyText(text, input) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        if (input) {
            input.focus();
            input.select();
            return document.execCommand?.("copy") ?? false;
        }

        return false;
    }
}
