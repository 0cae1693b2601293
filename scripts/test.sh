#!/usr/bin/env bash
# The whole test suite: set up, build, then every test project against the real kernel sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
dotnet test Arbiter.slnx -c Release --no-build -nologo
