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
# (initdb into a temporary directory; nothing is started here). Then every language's
# toolchain, as its languages/*.yaml lists under `apt:` (a flow list on one line), so adding a
# language needs no change here.
packages=(gcc make libc6-dev libseccomp-dev python3 procps bubblewrap postgresql)
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

if ! command -v dotnet >/dev/null; then
    echo "setup: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
    exit 1
fi

echo "setup: building (Release)"
dotnet build Arbiter.slnx -c Release -nologo -v quiet -clp:"ErrorsOnly;Summary" 
