#!/usr/bin/env bash
# Helpers shared by scripts/test.sh and scripts/postgres.sh. Each script defines log() and die() first.

# Root runs privileged commands directly; anyone else needs sudo.
as_root() {
    if [[ ${EUID} -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root (or sudo) to run: $*"
    fi
}

# apt-get update at most once per run, including child scripts (WUYI_APT_UPDATED is exported).
apt_install() {
    local apt_log
    apt_log="$(mktemp)"
    if [[ "${WUYI_APT_UPDATED:-}" != 1 ]]; then
        log "apt-get update ..."
        if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >"${apt_log}" 2>&1; then
            tail -n 40 "${apt_log}" >&2
            rm -f "${apt_log}"
            die "apt-get update failed"
        fi
        export WUYI_APT_UPDATED=1
    fi
    log "apt-get install $* ..."
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "$@" >"${apt_log}" 2>&1; then
        tail -n 40 "${apt_log}" >&2
        rm -f "${apt_log}"
        die "apt-get install $* failed"
    fi
    rm -f "${apt_log}"
}
