// /account: who you are, your API keys (list, create with the secret shown once, revoke), your
// password, and how to point the command-line client at this server.
import { api, clearError, showError } from "/assets/api.js";
import { copyText, h, time } from "/assets/dom.js";
import { session, showSignedOut } from "/assets/site.js";

const $ = (id) => document.getElementById(id);
const keysBody = document.querySelector("#keys tbody");

async function loadKeys() {
    const keys = await api.get("/api/v1/keys");
    keysBody.replaceChildren(...keys.map((key) => {
        let action = "";
        if (!key.revokedAt) {
            action = h("button", { type: "button", "aria-label": `Revoke ${key.name}` }, "Revoke");
            action.addEventListener("click", () => revoke(key, action));
        }

        return h("tr", {},
            h("td", {}, key.name),
            h("td", {}, h("code", {}, `${key.prefix}…`)),
            h("td", {}, time(key.createdAt)),
            h("td", {}, key.revokedAt ? h("span", {}, "revoked ", time(key.revokedAt)) : "active"),
            h("td", {}, action));
    }));
    $("keys").hidden = keys.length === 0;
    $("no-keys").hidden = keys.length > 0;
}

async function revoke(key, button) {
    clearError($("keys-error"));
    button.disabled = true;
    try {
        await api.delete(`/api/v1/keys/${encodeURIComponent(key.id)}`);
        await loadKeys();
    } catch (error) {
        button.disabled = false;
        showError($("keys-error"), error);
    }
}

async function createKey(event) {
    event.preventDefault();
    clearError($("keys-error"));
    const form = event.currentTarget;
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
        const created = await api.post("/api/v1/keys", { name: $("key-name").value.trim() });
        $("secret").value = created.key;
        $("new-secret").hidden = false;
        $("secret").focus();
        $("secret").select();
        form.reset();
        await loadKeys();
    } catch (error) {
        showError($("keys-error"), error);
    } finally {
        submit.disabled = false;
    }
}

async function changePassword(event) {
    event.preventDefault();
    clearError($("password-error"));
    $("password-changed").hidden = true;
    const form = event.currentTarget;
    const submit = form.querySelector("button[type=submit]");
    submit.disabled = true;
    try {
        await api.post("/api/v1/auth/password", { current: $("current-password").value, password: $("new-password").value });
        form.reset();
        $("password-changed").hidden = false;
    } catch (error) {
        showError($("password-error"), error);
    } finally {
        submit.disabled = false;
    }
}

async function start() {
    const me = await session;
    if (showSignedOut(me)) {
        return;
    }

    $("me-name").textContent = me.name;
    $("me-role").textContent = me.role;
    $("cli-login").textContent = `arbiter login --server ${location.origin}`;
    $("curl-example").textContent = `curl -H "Authorization: Bearer arb_…" ${location.origin}/api/v1/whoami`;
    $("new-key").addEventListener("submit", createKey);
    $("change-password").addEventListener("submit", changePassword);
    $("copy-secret").addEventListener("click", async () => {
        const copied = await copyText($("secret").value, $("secret"));
        $("copy-secret").textContent = copied ? "Copied" : "Copy failed";
    });
    $("signed-in").hidden = false;
    try {
        await loadKeys();
    } catch (error) {
        showError($("error"), error);
    }

    document.body.dataset.ready = "true";
}

start();
