#!/usr/bin/env bash
# Arbiter's main job on one machine. Today that is the sandbox and its command-line client; the
# HTTP service (issue 4) will start here. Sets everything up first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo
echo "Arbiter sandbox ready. A first run, Python in a sandbox:"
./arbiter exec -- /usr/bin/python3 -c 'import os, socket; print("hello from uid", os.getuid(), "on", socket.gethostname())'
echo
echo "And a hostile one, a memory bomb in 64 MiB:"
./arbiter exec --memory 64 -- /usr/bin/python3 -c 'a = bytearray(1 << 30)' || true
echo
echo "Try: ./arbiter exec --help    ./arbiter bench sandbox"
