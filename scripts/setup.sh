#!/usr/bin/env bash
# Installs what Arbiter needs on Debian 12 and builds it (Release). Run as root: the sandbox
# creates namespaces, mounts and cgroups. Safe to run again: it installs only what is missing and
# the build is incremental.
#
# Languages: the default set (every languages/*.yaml without `optional: true`) unless told
# otherwise, so a first set-up stays quick. `--languages all` installs every language's
# toolchain (CI does); `--languages default,haskell,ocaml` the default set and those; a list
# without `default` only the languages it names. ARBITER_SETUP_LANGUAGES says the same when the
# option is absent. A language that is not installed is listed by `arbiter languages` with the
# Debian packages it lacks. --print-packages prints the Debian packages the selection needs and
# stops (for building an image, say). --containers also installs podman, runc, debootstrap and
# catatonit, which the container tests of tests/Arbiter.Deploy.Tests need (docs/deploy.md; CI
# passes it).
set -euo pipefail
cd "$(dirname "$0")/.."

selection="${ARBITER_SETUP_LANGUAGES:-default}"
print_only=0
containers=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        --languages) [ "$#" -ge 2 ] || { echo "setup: --languages needs a value (all, default, or ids separated by commas)" >&2; exit 2; }; selection="$2"; shift 2 ;;
        --languages=*) selection="${1#--languages=}"; shift ;;
        --print-packages) print_only=1; shift ;;
        --containers) containers=1; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup: unknown option '$1' (usage: scripts/setup.sh [--languages all|default|ID,ID...] [--containers] [--print-packages])" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root (the sandbox needs root to create namespaces and cgroups)" >&2
    exit 1
fi

# Build tools for the native launcher and libseccomp; bubblewrap is only the baseline in
# `arbiter bench sandbox`; postgresql is the server the PostgreSQL store tests start privately
# (initdb into a temporary directory; nothing is started here); nodejs builds the web UI's
# editor bundle; chromium and chromium-driver are the headless browser the web UI's tests
# drive. Then the chosen languages' toolchains, as their languages/*.yaml list under `apt:` (a flow
# list on one line), so adding a language needs no change here.
packages=(gcc make libc6-dev libseccomp-dev python3 procps bubblewrap postgresql nodejs chromium chromium-driver)
IFS=', ' read -r -a wanted <<< "$selection"
for id in "${wanted[@]}"; do
    if [ "$id" != all ] && [ "$id" != default ] && [ ! -f "languages/$id.yaml" ]; then
        echo "setup: no language '$id' (the ids are the file names in languages/: $(cd languages && ls -- *.yaml | sed 's/\.yaml$//' | tr '\n' ' '))" >&2
        exit 2
    fi
done
# The container tests: podman with runc (crun refuses cgroup v1 hosts with a hybrid layout),
# catatonit for a pod's infra container (no registry for a pause image), debootstrap for the local
# Debian base image.
if [ "$containers" = 1 ]; then
    packages+=(podman runc catatonit debootstrap)
fi
chosen=()
for spec in languages/*.yaml; do
    id=$(basename "$spec" .yaml)
    optional=$(grep -c '^optional:[[:space:]]*true[[:space:]]*\(#.*\)\{0,1\}$' "$spec" || true)
    take=0
    for want in "${wanted[@]}"; do
        if [ "$want" = all ] || [ "$want" = "$id" ] || { [ "$want" = default ] && [ "$optional" = 0 ]; }; then
            take=1
        fi
    done
    [ "$take" = 1 ] || continue
    chosen+=("$id")
    line=$(sed -n 's/^apt:[[:space:]]*\[\(.*\)\][[:space:]]*\(#.*\)\{0,1\}$/\1/p' "$spec")
    IFS=', ' read -r -a listed <<< "$line"
    for package in "${listed[@]}"; do
        [ -n "$package" ] && packages+=("$package")
    done
done
if [ "$print_only" = 1 ]; then
    printf '%s\n' "${packages[@]}" | sort -u
    exit 0
fi
echo "setup: languages ${chosen[*]}"
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
# The Piston client the Piston adapter's test drives (tests/Arbiter.Server.Tests/Compat/piston-client):
# `npm ci` only when its lock file changed, as for the web UI.
piston_dir=tests/Arbiter.Server.Tests/Compat/piston-client
piston_hash=$(cat "$piston_dir/package.json" "$piston_dir/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$piston_dir/node_modules/.arbiter-lock" 2>/dev/null)" != "$piston_hash" ]; then
    echo "setup: installing the Piston client for the tests"
    (cd "$piston_dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$piston_hash" > "$piston_dir/node_modules/.arbiter-lock"
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

# The command once more, compiled ahead of time (ReadyToRun) into its own directory: a process
# that starts JIT-compiles less, so a worker the autoscaler starts is ready sooner (docs/autoscaling.md,
# "An optimal schedule for the full day"). ./arbiter runs it while it is not older than the build above;
# where it cannot be made (no crossgen package for this machine), ./arbiter runs the build.
rid="$(dotnet --info | awk '/^ *RID:/ && !rid { rid = $2 } END { print rid }')"
echo "setup: compiling the command ahead of time ($rid)"
if ! dotnet publish src/Arbiter.Cli/Arbiter.Cli.csproj -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
        -o src/Arbiter.Cli/bin/Release/ready-to-run -nologo -v quiet -clp:"ErrorsOnly;Summary"; then
    echo "setup: the ahead-of-time publish failed; ./arbiter runs the plain build" >&2
    rm -rf src/Arbiter.Cli/bin/Release/ready-to-run
fi
