#!/usr/bin/env bash
# The test command:  scripts/test.sh [extra dotnet test args, e.g. --filter Foo]
#
#  1. makes sure chromium is installed (Debian package `chromium`, for the browser tests), the PDF fonts
#     and poppler-utils (the PDFs and their tests), and the PostgreSQL programs (Debian package `postgresql`: the resilience tests and the backup commands);
#  2. unless WUYI_TEST_POSTGRES is already set, starts the private test PostgreSQL
#     (scripts/postgres.sh), exports WUYI_TEST_POSTGRES, and stops that server on exit
#     if this script started it;
#  3. runs  dotnet test Wuyi.sln -c Release  with a .trx logger into artifacts/test-results;
#  4. prints one line  tests: N passed, N failed, N skipped  (all test projects together)
#     and exits non-zero when a test failed, dotnet test failed, or no test ran at all.
#
# Environment: WUYI_TEST_VERBOSITY (console logger verbosity, default minimal),
# WUYI_SKIP_CHROMIUM=1 (do not check/install chromium), WUYI_TEST_TARGET (solution or
# project to test, default Wuyi.sln).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"

TARGET="${WUYI_TEST_TARGET:-Wuyi.sln}"
RESULTS_DIR="${ROOT}/artifacts/test-results"
VERBOSITY="${WUYI_TEST_VERBOSITY:-minimal}"

export DEBIAN_FRONTEND=noninteractive
export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

log() { echo "test.sh: $*" >&2; }
die() { echo "test.sh: ERROR: $*" >&2; exit 1; }

# as_root and apt_install (apt-get update at most once per run) are shared with the other scripts.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Chromium for the browser tests; exports WUYI_CHROMIUM with its path.
ensure_chromium() {
    if [[ "${WUYI_SKIP_CHROMIUM:-}" == 1 ]]; then
        log "WUYI_SKIP_CHROMIUM=1: not checking for chromium."
        return 0
    fi
    if [[ ! -x /usr/bin/chromium ]] || ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
        log "chromium not found; installing the Debian package 'chromium'."
        apt_install chromium fonts-liberation fonts-wqy-zenhei
        [[ -x /usr/bin/chromium ]] || die "installed 'chromium' but /usr/bin/chromium is missing"
    fi
    export WUYI_CHROMIUM=/usr/bin/chromium
    log "chromium: $("${WUYI_CHROMIUM}" --version 2>/dev/null || echo '?')"
}

# The PDFs (certificates, plaques, notices) are drawn in TrueType CJK fonts from Debian's packages (Documents/PdfFonts.cs),
# and the tests read them back with poppler's pdftotext, pdfinfo and pdftoppm.
ensure_pdf_tools() {
    local missing=()
    [[ -f /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf ]] || missing+=(fonts-arphic-gbsn00lp)
    [[ -f /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf ]] || missing+=(fonts-arphic-gkai00mp)
    [[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ]] || missing+=(fonts-droid-fallback)
    command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing the PDF fonts and tools: ${missing[*]}"
        apt_install "${missing[@]}"
    fi
}

# The resilience tests start a PostgreSQL of their own (initdb, pg_ctl) and the backup commands run
# pg_dump/pg_restore, even when WUYI_TEST_POSTGRES names a server elsewhere.
ensure_postgres_programs() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x "${d}/initdb" && -x "${d}/pg_ctl" && -x "${d}/pg_dump" && -x "${d}/pg_restore" ]] && return 0
    done
    log "PostgreSQL programs (initdb, pg_ctl, pg_dump, pg_restore) not found; installing the Debian package 'postgresql'."
    apt_install postgresql
}

STARTED_POSTGRES=0
cleanup() {
    local rc=$?
    if [[ ${STARTED_POSTGRES} == 1 ]]; then
        "${ROOT}/scripts/postgres.sh" stop || log "warning: could not stop the test PostgreSQL server."
    fi
    exit "${rc}"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ensure_postgres() {
    if [[ -n "${WUYI_TEST_POSTGRES:-}" ]]; then
        log "using WUYI_TEST_POSTGRES from the environment."
        return 0
    fi
    # A server that already answers is reused and left running; one started here is stopped.
    local already=0
    if "${ROOT}/scripts/postgres.sh" status >/dev/null 2>&1; then
        already=1
    fi
    local out
    out="$("${ROOT}/scripts/postgres.sh" start)" || die "could not start the test PostgreSQL server."
    [[ ${already} == 1 ]] || STARTED_POSTGRES=1
    eval "${out}"
    [[ -n "${WUYI_TEST_POSTGRES:-}" ]] || die "postgres.sh did not give a connection string."
    export WUYI_TEST_POSTGRES
}

# Prints "passed failed skipped total" summed over the .trx files in $1.
count_results() {
    python3 - "$1" <<'PY'
import glob, os, sys
import xml.etree.ElementTree as ET

passed = failed = skipped = 0
for path in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.trx"), recursive=True)):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"test.sh: cannot parse {path}: {e}", file=sys.stderr)
        failed += 1
        continue
    # Top-level results only (data-driven rows may nest InnerResults).
    for results in root.iter():
        if results.tag.split("}")[-1] != "Results":
            continue
        for r in results:
            if r.tag.split("}")[-1] != "UnitTestResult":
                continue
            outcome = r.get("outcome", "")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive", "Pending", "Disconnected", "Warning"):
                skipped += 1
            else:  # Failed, Error, Timeout, Aborted, ...
                failed += 1
print(passed, failed, skipped, passed + failed + skipped)
PY
}

ensure_chromium
ensure_pdf_tools
ensure_postgres_programs
ensure_postgres

rm -rf "${RESULTS_DIR}"
mkdir -p "${RESULTS_DIR}"

log "dotnet test ${TARGET} -c Release $*"
set +e
dotnet test "${TARGET}" -c Release \
    --results-directory "${RESULTS_DIR}" \
    --logger "trx" \
    --logger "console;verbosity=${VERBOSITY}" \
    "$@"
dotnet_rc=$?
set -e

parse_ok=1
counts="$(count_results "${RESULTS_DIR}")" || { parse_ok=0; counts="0 0 0 0"; }
read -r passed failed skipped total <<<"${counts}"
trx_count="$(find "${RESULTS_DIR}" -name '*.trx' | wc -l)"

# Stop our PostgreSQL now, so that the summary line is the last thing printed.
if [[ ${STARTED_POSTGRES} == 1 ]]; then
    STARTED_POSTGRES=0
    "${ROOT}/scripts/postgres.sh" stop || log "warning: could not stop the test PostgreSQL server."
fi

status=0
echo
if [[ ${parse_ok} -ne 1 ]]; then
    log "FAILED: could not read the .trx files in ${RESULTS_DIR}"
    status=1
elif [[ ${failed} -gt 0 ]]; then
    log "FAILED: ${failed} test(s) failed; results in ${RESULTS_DIR}"
    status=1
elif [[ ${dotnet_rc} -ne 0 ]]; then
    log "FAILED: dotnet test exited with ${dotnet_rc} (build error or test host crash?); ${trx_count} .trx file(s) in ${RESULTS_DIR}"
    status=1
elif [[ ${total} -eq 0 ]]; then
    log "FAILED: no test ran at all (${trx_count} .trx file(s) in ${RESULTS_DIR}); check the filter and the test projects."
    status=1
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "${status}"
