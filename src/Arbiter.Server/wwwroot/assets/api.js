// The one way pages call the JSON API. It sends the session cookie (same origin only), adds
// the anti-forgery token to every unsafe request, and turns every failure into an ApiError
// whose message a person can read: ProblemDetails' title, detail and field errors, "try again
// in N s" for 429, "cannot reach the server" when the network fails.
//
//   import { api } from "/assets/api.js";
//   const languages = await api.get("/api/v1/languages");
//   const share = await api.post("/api/v1/shares", { language, source, stdin });
//   const added = await api.upload(`/api/v1/courses/${id}/assignments/import`, file, "application/zip");
//   try { … } catch (error) { showError(element, error); }

/** A failed API call: `status` (0 when the server was not reached), `message`, `problem` (the
 * ProblemDetails body, when there was one), `fieldErrors` ([{field, message}]) and
 * `retryAfter` (seconds, for 429). */
export class ApiError extends Error {
    constructor(status, message, { problem = null, fieldErrors = [], retryAfter = null } = {}) {
        super(message);
        this.name = "ApiError";
        this.status = status;
        this.problem = problem;
        this.fieldErrors = fieldErrors;
        this.retryAfter = retryAfter;
    }
}

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// Fetched once per page load, on the first unsafe request. null: this server wants no token.
let antiforgery;

async function antiforgeryToken() {
    antiforgery ??= (async () => {
        const response = await send("GET", "/api/v1/auth/antiforgery");
        if (response.status === 404) {
            return null;
        }

        if (!response.ok) {
            throw await toError(response);
        }

        return response.json();
    })();
    try {
        return await antiforgery;
    } catch (error) {
        antiforgery = undefined;
        throw error;
    }
}

// `contentType` given: `body` goes as it is (a File, Blob or bytes); else as JSON.
async function send(method, path, body, headers = {}, { contentType, keepalive = false } = {}) {
    const type = body === undefined ? {} : { "Content-Type": contentType ?? "application/json" };
    try {
        return await fetch(path, {
            method,
            credentials: "same-origin",
            keepalive,
            headers: { Accept: "application/json", ...headers, ...type },
            body: body === undefined || contentType !== undefined ? body : JSON.stringify(body),
        });
    } catch {
        throw new ApiError(0, "Cannot reach the server. Check the connection and try again.");
    }
}

/** The anti-forgery header for unsafe requests ({} when the server wants none). Calling it
 * early fetches the token ahead of need: a request sent while the page goes away
 * (`keepalive`) has no time to fetch one. */
export async function antiforgeryHeaders() {
    const token = await antiforgeryToken();
    return token ? { [token.headerName]: token.token } : {};
}

/** Calls the API and returns the parsed JSON body (null for an empty one); throws ApiError
 * for any status that is not 2xx. `options.raw` returns the Response itself for 2xx answers
 * (to read a status such as 202 or a header); `options.contentType` sends `body` as it is
 * (a File or Blob) with that type instead of as JSON; `options.keepalive` lets the request
 * outlive the page (at most 64 KiB of body), for saving on `pagehide`. */
export async function request(method, path, body, options = {}) {
    const headers = unsafeMethods.has(method) ? await antiforgeryHeaders() : {};
    const response = await send(method, path, body, headers, options);
    // Signing in or out changes who the token was issued to: fetch a new one next time.
    if (path.startsWith("/api/v1/auth/")) {
        antiforgery = undefined;
    }

    if (!response.ok) {
        throw await toError(response);
    }

    if (options.raw) {
        return response;
    }

    const text = await response.text();
    return text ? JSON.parse(text) : null;
}

export const api = {
    get: (path, options) => request("GET", path, undefined, options),
    post: (path, body, options) => request("POST", path, body ?? {}, options),
    put: (path, body, options) => request("PUT", path, body ?? {}, options),
    delete: (path, options) => request("DELETE", path, undefined, options),
    /** POSTs a file or other bytes as they are: `api.upload(path, file, "application/zip")`. */
    upload: (path, body, contentType, options) => request("POST", path, body, { ...options, contentType }),
};

async function toError(response) {
    let problem = null;
    try {
        const text = await response.text();
        problem = text ? JSON.parse(text) : null;
    } catch {
        // Not JSON (a proxy's error page): the status line says enough.
    }

    const fieldErrors = [];
    for (const [field, messages] of Object.entries(problem?.errors ?? {})) {
        for (const message of [].concat(messages)) {
            fieldErrors.push({ field, message: String(message) });
        }
    }

    let message = problem?.detail || problem?.title || `The server answered ${response.status} ${response.statusText}.`.trim();
    let retryAfter = null;
    if (response.status === 429) {
        retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
        retryAfter = Number.isFinite(retryAfter) ? retryAfter : null;
        message = retryAfter === null
            ? "Too many requests: wait a moment and try again."
            : `Too many requests: try again in ${retryAfter} s.`;
    }

    return new ApiError(response.status, message, { problem, fieldErrors, retryAfter });
}

/** Shows an error in `element` (a role="alert" container): its message, then the field errors
 * that the message does not already say, and for 401 a link to sign in (unless
 * `signInLink: false`, as on the sign-in page itself). Text only, never HTML. */
export function showError(element, error, { signInLink = true } = {}) {
    element.replaceChildren();
    const message = error instanceof Error ? error.message : String(error);
    const paragraph = document.createElement("p");
    paragraph.textContent = message;
    element.append(paragraph);
    const extra = (error.fieldErrors ?? []).filter((e) => !message.includes(e.message));
    if (extra.length > 0) {
        const list = document.createElement("ul");
        for (const { field, message: text } of extra) {
            const item = document.createElement("li");
            item.textContent = field && field !== "request" ? `${field}: ${text}` : text;
            list.append(item);
        }

        element.append(list);
    }

    if (error.status === 401 && signInLink) {
        const next = encodeURIComponent(location.pathname + location.search);
        const link = document.createElement("a");
        link.href = `/login?next=${next}`;
        link.textContent = "Sign in";
        const hint = document.createElement("p");
        hint.append(link, " to continue.");
        element.append(hint);
    }

    element.hidden = false;
}

/** Empties and hides an error container. */
export function clearError(element) {
    element.replaceChildren();
    element.hidden = true;
}
