// /login and /signup: one form, two modes (the form's data-mode). Signing up signs in too.
// Afterwards the browser goes to ?next= when it is a path on this site, else to the playground.
import { api, clearError, showError } from "/assets/api.js";
import { nextPath } from "/assets/site.js";

const form = document.getElementById("sign-in");
const error = document.getElementById("form-error");
const submit = form.querySelector("button[type=submit]");
const name = document.getElementById("name");
const password = document.getElementById("password");
const signingUp = form.dataset.mode === "signup";

// Keep ?next= when switching between the two forms.
const other = document.getElementById("other-form");
if (other && location.search) {
    other.search = location.search;
}

form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    submit.disabled = true;
    const credentials = { name: name.value.trim(), password: password.value };
    try {
        if (signingUp) {
            await api.post("/api/v1/auth/signup", credentials);
        }

        await api.post("/api/v1/auth/login", credentials);
        location.assign(nextPath());
    } catch (failure) {
        showError(error, failure, { signInLink: false });
        password.select();
        submit.disabled = false;
    }
});

document.body.dataset.ready = "true";
