#!/usr/bin/env bash
# Private, throw-away PostgreSQL server for the tests.
#
#   scripts/postgres.sh start    start it (or reuse one already answering on the port);
#                                prints the line  export WUYI_TEST_POSTGRES="..."  on stdout,
#                                so  eval "$(scripts/postgres.sh start)"  works
#   scripts/postgres.sh stop     stop it (pg_ctl stop -m fast) and delete its data
#   scripts/postgres.sh status   exit 0 when a server answers on the port and accepts us
#   scripts/postgres.sh env      print the export line only
#   source scripts/postgres.sh   start it and export WUYI_TEST_POSTGRES into your shell
#
# The server: initdb into a fresh directory (default /tmp/wuyi-pg, wiped first), trust auth,
# UTF8, locale C.UTF-8, listening on 127.0.0.1:55432 only, unix socket inside the data
# directory, fsync off, max_connections=200. As root it runs as the `postgres` OS user.
# When the server binaries are missing it installs the Debian package `postgresql`.
#
# Settings (environment): WUYI_PG_PORT (55432), WUYI_PG_DIR (/tmp/wuyi-pg).
# Messages go to stderr; stdout carries only the export line.

# --- Sourced: run the start in a child bash (so `set -e` etc. don't leak into the caller's
# shell) and export the connection string here.
if [[ "${BASH_SOURCE[0]}" != "${0}" ]]; then
    if __wuyi_pg_out="$(bash "${BASH_SOURCE[0]}" start)"; then
        eval "${__wuyi_pg_out}"
        unset __wuyi_pg_out
        echo "WUYI_TEST_POSTGRES=\"${WUYI_TEST_POSTGRES}\" exported." >&2
        return 0
    else
        unset __wuyi_pg_out
        echo "postgres.sh: could not start the test PostgreSQL server (see above)." >&2
        return 1
    fi
fi

set -euo pipefail

PORT="${WUYI_PG_PORT:-55432}"
BASE_DIR="${WUYI_PG_DIR:-/tmp/wuyi-pg}"
DATA_DIR="${BASE_DIR}/data"
LOG_FILE="${BASE_DIR}/server.log"
HOST=127.0.0.1
WAIT_SECONDS=30
CONN="Host=${HOST};Port=${PORT};Username=postgres;Database=postgres"

log() { echo "postgres.sh: $*" >&2; }
die() { echo "postgres.sh: ERROR: $*" >&2; exit 1; }

# as_root and apt_install (apt-get update at most once per run) are shared with the other scripts.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Sets BIN_DIR to the newest /usr/lib/postgresql/*/bin (Debian), else to wherever pg_ctl is.
find_bin_dir() {
    BIN_DIR=""
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
        [[ -x "${d}/pg_ctl" && -x "${d}/initdb" ]] && BIN_DIR="${d}"
    done
    if [[ -z "${BIN_DIR}" ]] && command -v pg_ctl >/dev/null 2>&1; then
        BIN_DIR="$(dirname "$(command -v pg_ctl)")"
    fi
    [[ -n "${BIN_DIR}" ]]
}

ensure_binaries() {
    if ! find_bin_dir; then
        log "PostgreSQL server binaries not found; installing the Debian package 'postgresql'."
        apt_install postgresql
        find_bin_dir || die "installed 'postgresql' but still no /usr/lib/postgresql/*/bin/pg_ctl"
    fi
    PG_VERSION_TEXT="$("${BIN_DIR}/pg_ctl" --version)"
}

# PostgreSQL refuses to run as root: as root, run its programs as the `postgres` OS user.
if [[ ${EUID} -eq 0 ]]; then
    PG_USER=postgres
    as_pg() { runuser -u postgres -- "$@"; }
else
    PG_USER="$(id -un)"
    as_pg() { "$@"; }
fi

client_ok() {
    # Accepts our connection (trust, user postgres) over TCP.
    PGCONNECT_TIMEOUT=3 "${BIN_DIR}/psql" -X -q -w -h "${HOST}" -p "${PORT}" -U postgres -d postgres \
        -tAc 'select 1' >/dev/null 2>&1
}

port_answers() {
    # pg_isready: 0 = accepting, 1 = rejecting (starting up), 2 = no response, 3 = bad params.
    local rc=0
    "${BIN_DIR}/pg_isready" -q -h "${HOST}" -p "${PORT}" -U postgres -t 2 || rc=$?
    [[ ${rc} -eq 0 || ${rc} -eq 1 ]]
}

port_in_use() {
    # Anything at all accepting TCP connections on the port.
    timeout 3 bash -c "exec 3<>/dev/tcp/${HOST}/${PORT}" 2>/dev/null
}

print_env() {
    echo "export WUYI_TEST_POSTGRES=\"${CONN}\""
}

wait_ready() {
    local i
    for ((i = 0; i < WAIT_SECONDS * 2; i++)); do
        if "${BIN_DIR}/pg_isready" -q -h "${HOST}" -p "${PORT}" -U postgres -t 1 && client_ok; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

cmd_start() {
    ensure_binaries

    if client_ok; then
        local dir
        dir="$(PGCONNECT_TIMEOUT=3 "${BIN_DIR}/psql" -X -q -w -h "${HOST}" -p "${PORT}" -U postgres -d postgres \
            -tAc 'show data_directory' 2>/dev/null || true)"
        log "reusing the PostgreSQL server already answering on ${HOST}:${PORT} (data: ${dir:-?})."
        print_env
        return 0
    fi
    if port_answers; then
        die "something on ${HOST}:${PORT} answers as PostgreSQL but does not accept user 'postgres' without password; stop it or set WUYI_PG_PORT."
    fi
    if port_in_use; then
        die "port ${HOST}:${PORT} is in use by something that is not a usable PostgreSQL server; stop it or set WUYI_PG_PORT."
    fi

    # A leftover server of ours that does not answer: stop it hard before wiping its files.
    if [[ -f "${DATA_DIR}/postmaster.pid" ]]; then
        as_pg "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" stop -m immediate -w -t 10 >/dev/null 2>&1 || true
    fi

    # Only wipe a directory this script made (marker file) or an empty one.
    if [[ -e "${BASE_DIR}" && ! -e "${BASE_DIR}/.wuyi-test-pg" ]] \
        && [[ -n "$(ls -A "${BASE_DIR}" 2>/dev/null)" ]]; then
        die "${BASE_DIR} exists and was not made by this script; refusing to wipe it (set WUYI_PG_DIR)."
    fi
    log "initialising a fresh cluster in ${DATA_DIR} (${PG_VERSION_TEXT}) ..."
    rm -rf "${BASE_DIR}"
    mkdir -p "${BASE_DIR}"
    touch "${BASE_DIR}/.wuyi-test-pg"
    chmod 700 "${BASE_DIR}"
    [[ ${EUID} -eq 0 ]] && chown "${PG_USER}:" "${BASE_DIR}"

    as_pg "${BIN_DIR}/initdb" -D "${DATA_DIR}" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >"${BASE_DIR}/initdb.log" 2>&1 \
        || { cat "${BASE_DIR}/initdb.log" >&2; die "initdb failed"; }

    # Later lines win over the defaults initdb wrote.
    as_pg tee -a "${DATA_DIR}/postgresql.conf" >/dev/null <<EOF

# --- wuyi test server (scripts/postgres.sh) ---
listen_addresses = '${HOST}'
port = ${PORT}
unix_socket_directories = '${DATA_DIR}'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF

    log "starting on ${HOST}:${PORT} (log: ${LOG_FILE}) ..."
    if ! as_pg "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" -l "${LOG_FILE}" -w -t "${WAIT_SECONDS}" start >/dev/null 2>&1; then
        tail -n 30 "${LOG_FILE}" >&2 2>/dev/null || true
        die "pg_ctl start failed (log above, full log: ${LOG_FILE})"
    fi
    if ! wait_ready; then
        tail -n 30 "${LOG_FILE}" >&2 2>/dev/null || true
        as_pg "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" stop -m immediate -w -t 10 >/dev/null 2>&1 || true
        die "the server did not answer on ${HOST}:${PORT} within ${WAIT_SECONDS} s (log: ${LOG_FILE})"
    fi
    log "ready: ${CONN}"
    print_env
}

cmd_stop() {
    find_bin_dir || { log "no PostgreSQL binaries; nothing to stop."; return 0; }
    if [[ -f "${DATA_DIR}/postmaster.pid" ]] \
        && as_pg "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" status >/dev/null 2>&1; then
        log "stopping the server in ${DATA_DIR} ..."
        as_pg "${BIN_DIR}/pg_ctl" -D "${DATA_DIR}" stop -m fast -w -t "${WAIT_SECONDS}" >/dev/null \
            || die "pg_ctl stop failed (log: ${LOG_FILE})"
        rm -rf "${DATA_DIR}"
        log "stopped."
    else
        log "no server of ours running in ${DATA_DIR}; nothing to stop."
        if client_ok 2>/dev/null; then
            log "note: a server not started from ${DATA_DIR} still answers on ${HOST}:${PORT}."
        fi
    fi
}

cmd_status() {
    find_bin_dir || die "no PostgreSQL binaries"
    if client_ok; then
        log "a server answers on ${HOST}:${PORT}."
        return 0
    fi
    log "no usable server on ${HOST}:${PORT}."
    return 1
}

case "${1:-start}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) print_env ;;
    -h | --help | help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) die "unknown command '${1}' (use start, stop, status or env)" ;;
esac
