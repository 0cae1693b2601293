#!/usr/bin/env bash
# Arbiter's main job on one machine: the whole service (REST API, job queue, a pool of
# sandboxes, SQLite embedded, the sample problems loaded), after setting everything up.
# Prints the URL and runs until stopped (Ctrl-C). Options pass through to `arbiter serve`,
# e.g. scripts/run.sh --urls http://127.0.0.1:8080 --data /var/lib/arbiter
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec ./arbiter serve "$@"
