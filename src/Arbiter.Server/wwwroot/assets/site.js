// The part every page shares: the top navigation (Playground, Courses, Grades, Admin for
// staff and admins, and who is signed in with Sign out, or Sign in / Sign up), filled from
// GET /api/v1/whoami. Pages import `session` to know who is asking without a second request.
import { api } from "/assets/api.js";
import { h } from "/assets/dom.js";

/** Resolves to the whoami answer {authenticated, id, name, role, via}, or an anonymous caller
 * when the server could not say. */
export const session = api.get("/api/v1/whoami").catch(() => ({ authenticated: false, role: null }));

/** A same-site path to return to after signing in: `?next=` when it is a relative path on
 * this server, else "/". */
export function nextPath() {
    const next = new URLSearchParams(location.search).get("next");
    if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
        return "/";
    }

    const url = new URL(next, location.origin);
    return url.origin === location.origin ? url.pathname + url.search + url.hash : "/";
}

/** The sign-in page's address, coming back here afterwards. */
export function signInHref() {
    const here = location.pathname + location.search;
    return here === "/" ? "/login" : `/login?next=${encodeURIComponent(here)}`;
}

/** For a page only signed-in people use: when `me` is nobody, shows the page's
 * `#signed-out` note (its `#sign-in-link` coming back here), marks the page ready for tests,
 * and answers true, so the page stops there. */
export function showSignedOut(me) {
    if (me.authenticated) {
        return false;
    }

    document.getElementById("sign-in-link").href = signInHref();
    document.getElementById("signed-out").hidden = false;
    document.body.dataset.ready = "true";
    return true;
}

function link(href, text) {
    const current = href === "/" ? location.pathname === "/" || location.pathname.startsWith("/s/") : location.pathname.startsWith(href);
    return h("li", {}, h("a", { href, "aria-current": current ? "page" : null }, text));
}

async function signOut(button) {
    button.disabled = true;
    try {
        await api.post("/api/v1/auth/logout");
        location.assign("/");
    } catch (error) {
        button.disabled = false;
        button.title = error.message;
        button.textContent = "Sign out failed: retry";
    }
}

async function renderNav() {
    const nav = document.getElementById("site-nav");
    if (!nav) {
        return;
    }

    const me = await session;
    const sections = h("ul", { className: "nav-links" },
        link("/", "Playground"),
        link("/courses", "Courses"),
        link("/grades", "Grades"),
        me.authenticated && (me.role === "admin" || me.role === "staff") ? link("/admin", "Admin") : null);
    const user = h("ul", { className: "nav-user" });
    if (me.authenticated) {
        const button = h("button", { type: "button", className: "link-button" }, "Sign out");
        button.addEventListener("click", () => signOut(button));
        user.append(
            h("li", {}, h("a", { href: "/account", className: "nav-name", "aria-current": location.pathname === "/account" ? "page" : null }, me.name)),
            h("li", {}, button));
    } else {
        user.append(
            h("li", {}, h("a", { href: signInHref() }, "Sign in")),
            h("li", {}, h("a", { href: "/signup" }, "Sign up")));
    }

    nav.replaceChildren(sections, user);
    nav.dataset.ready = "true";
}

renderNav();
