#!/usr/bin/env bash
# Two app nodes on one PostgreSQL behind HAProxy: throughput, and freshness across nodes (bench/Wuyi.Bench/TwoNodesBench.cs).
#
#   scripts/bench-two-nodes.sh [--seconds 10] [--workers 32] [--certified 1400] [--publications 5]
#
# Installs HAProxy from Debian's packages when missing, uses the PostgreSQL server named by WUYI_TEST_POSTGRES or
# starts the test server (scripts/postgres.sh; WUYI_PG_PORT and WUYI_PG_DIR choose another port and folder), builds
# Release and runs the bench, which starts the two nodes and HAProxy itself and ends them when it ends. A server this
# script started is stopped at the end; one that was already answering is left running.
# Messages go to stderr; the bench's output to stdout.

set -euo pipefail

log() { echo "bench-two-nodes.sh: $*" >&2; }
die() { echo "bench-two-nodes.sh: ERROR: $*" >&2; exit 1; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "${ROOT}/scripts/lib.sh"

if ! command -v haproxy >/dev/null 2>&1 && [[ ! -x /usr/sbin/haproxy ]]; then
    log "haproxy not found; installing the Debian package 'haproxy'."
    apt_install haproxy
fi
# Debian's package starts its own service on install; the bench runs its own process with its own config.
export PATH="${PATH}:/usr/sbin"
command -v haproxy >/dev/null 2>&1 || die "installed 'haproxy' but there is still no haproxy on the PATH"

STARTED_POSTGRES=0
if [[ -z "${WUYI_TEST_POSTGRES:-}" ]]; then
    if bash "${ROOT}/scripts/postgres.sh" status 2>/dev/null; then
        log "a PostgreSQL server already answers; using it and leaving it running."
    else
        STARTED_POSTGRES=1
    fi
    eval "$(bash "${ROOT}/scripts/postgres.sh" start)"
fi
stop_postgres() {
    if [[ ${STARTED_POSTGRES} -eq 1 ]]; then
        bash "${ROOT}/scripts/postgres.sh" stop || true
    fi
}
trap stop_postgres EXIT

log "building Release ..."
dotnet build -c Release "${ROOT}/bench/Wuyi.Bench" -v quiet -nologo >&2

# The nodes are the web project's own build (src/Wuyi.Web/bin/Release), started by the bench as separate processes.
dotnet "${ROOT}/bench/Wuyi.Bench/bin/Release/net10.0/Wuyi.Bench.dll" two-nodes "$@"
