#!/usr/bin/env bash
# The whole test suite: set up with every language (the optional ones too: each language's
# self-test and example solution are judged, and a missing one fails rather than being
# skipped), build, then every test project against the real kernel sandbox, real compilers,
# real SQLite and PostgreSQL, and real server processes. The projects run one after another
# (-m:1): in parallel on a 2-core machine they would only compete for the CPU that the
# sandboxed programs under test are timed on. --containers installs podman and debootstrap, so
# the container tests of tests/Arbiter.Deploy.Tests run too (docs/deploy.md: about 2 minutes when
# the machine has the images, 8 to 10 from nothing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --languages all --containers
export ARBITER_REQUIRE_ALL_LANGUAGES=1
dotnet test Arbiter.slnx -c Release --no-build -nologo -m:1
