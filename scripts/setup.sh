#!/usr/bin/env bash
# Installs what Arbiter needs on Debian 12 and builds it (Release). Run as root: the sandbox
# creates namespaces, mounts and cgroups. Safe to run again: it installs only what is missing and
# the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (the sandbox needs root to create namespaces and cgroups)" >&2
    exit 1
fi

# Build tools for the native launcher and libseccomp; bubblewrap is only the baseline in
# `arbiter bench sandbox`; postgresql is the server the PostgreSQL store tests start privately
# (initdb into a temporary directory; nothing is started here); nodejs builds the web UI's
# editor bundle; chromium and chromium-driver are the headless browser the web UI's tests
# drive. Then every language's toolchain, as its languages/*.yaml lists under `apt:` (a flow
# list on one line), so adding a language needs no change here.
packages=(gcc make libc6-dev libseccomp-dev python3 procps bubblewrap postgresql nodejs chromium chromium-driver)
for spec in languages/*.yaml; do
    line=$(sed -n 's/^apt:[[:space:]]*\[\(.*\)\][[:space:]]*$/\1/p' "$spec")
    IFS=', ' read -r -a listed <<< "$line"
    for package in "${listed[@]}"; do
        [ -n "$package" ] && packages+=("$package")
    done
done
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm comes with NodeSource's nodejs; Debian packages it apart.
if ! command -v npm >/dev/null; then
    echo "setup: installing npm"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

# The web UI's editor (CodeMirror from npm, bundled by esbuild into
# src/Arbiter.Server/wwwroot/assets/, which the build copies next to the program). `npm ci`
# only when the lock file changed, the bundle only when its sources did: stamps under
# web/node_modules remember what was done.
lock_hash=$(cat web/package.json web/package-lock.json | sha256sum | cut -d' ' -f1)
if [ "$(cat web/node_modules/.arbiter-lock 2>/dev/null)" != "$lock_hash" ]; then
    echo "setup: installing the web UI's npm packages"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    echo "$lock_hash" > web/node_modules/.arbiter-lock
fi
bundle_hash=$( { echo "$lock_hash"; find web/src web/build.mjs -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)
if [ ! -f src/Arbiter.Server/wwwroot/assets/editor.js ] || [ "$(cat web/node_modules/.arbiter-bundle 2>/dev/null)" != "$bundle_hash" ]; then
    echo "setup: bundling the web UI's editor"
    (cd web && npm run build --silent)
    echo "$bundle_hash" > web/node_modules/.arbiter-bundle
fi

if ! command -v dotnet >/dev/null; then
    echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
    exit 1
fi

echo "setup: building (Release)"
dotnet build Arbiter.slnx -c Release -nologo -v quiet -clp:"ErrorsOnly;Summary" 
