# Shared helpers for the socket-level scripts (hostile.sh, faults.sh): start rspd and wait for its
# "Listening on" line without sleeping, wait for exits with a bound, report PASS/FAIL, and read the
# process table. Source it after setting nothing; it sets RSPD, PROGS, RSPC, work, and an EXIT trap
# that kills whatever was started and removes $work.
# shellcheck shell=bash

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
RSPD=$(realpath "${RSPD:-$root/build/rspd}")
PROGS=$(realpath "${PROGS:-$root/build/tests/programs}")
RSPC=$(realpath "${TOOLS:-$root/build/tests/tools}")/rspc
work=$(mktemp -d /tmp/rspd-itest-sh.XXXXXX)
passed=0
failed=0
pids=()
export RSPC_TIMEOUT_MS=${RSPC_TIMEOUT_MS:-5000}

lib_cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    # Servers started in subshells are not in pids: any process whose command line names this
    # run's private directory is ours (rspd PROG, rspd --attach's victims run from it too).
    for p in $(pgrep -f -- "$work/"); do
        [ "$p" != $$ ] && [ "$p" != "$BASHPID" ] && kill -9 "$p" 2>/dev/null
    done
    # Anything still running one of this run's private executables is a leak: kill it too.
    for p in $(private_pids); do kill -9 "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap lib_cleanup EXIT

pass() {
    echo "PASS  $1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL  $1: $2"
    for f in "$work/log" "$work/rspc.err"; do
        [ -s "$f" ] && sed 's/^/    | /' "$f" | tail -12
    done
    failed=$((failed + 1))
}
summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
}

# Private copies of the debuggees, so a leftover process is recognisable as ours: any process whose
# executable lies under $work/bin.
mkdir -p "$work/bin"
prog() {
    [ -x "$work/bin/$1" ] || cp "$PROGS/$1" "$work/bin/$1"
    echo "$work/bin/$1"
}
private_pids() {
    find /proc -mindepth 2 -maxdepth 2 -name exe -lname "$work/bin/*" 2>/dev/null |
        sed 's,^/proc/\([0-9]*\)/exe$,\1,'
}

# Wait (at most 10 s, no sleeping) for a line matching $2 in file $1 written by process $3.
wait_line() {
    grep -m1 -q -- "$2" < <(timeout 10 tail -n +1 -f --pid="$3" "$1" 2>/dev/null)
}

# Start rspd with ARGS, output in $work/log; wait for "Listening on". Sets SPID, PORT, CHILD (the
# launched program's pid, if any).
start() {
    : >"$work/log"
    "$RSPD" "$@" >"$work/log" 2>&1 &
    SPID=$!
    pids+=("$SPID")
    PORT=
    CHILD=
    wait_line "$work/log" 'Listening on' "$SPID" || return 1
    PORT=$(sed -n 's/^Listening on port \([0-9]*\)$/\1/p' "$work/log" | head -1)
    CHILD=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log" | head -1)
    return 0
}

# Wait up to ${2:-10} s for process $1 to exit. Returns 0 once it is gone. For our own child,
# RSPD_STATUS is its exit status.
wait_exit() {
    local limit=${2:-10}
    RSPD_STATUS=
    if [ "$1" = "${SPID:-}" ]; then
        local end=$((SECONDS + limit))
        while kill -0 "$1" 2>/dev/null && [ $SECONDS -lt $end ]; do
            timeout 1 tail -f /dev/null --pid="$1" 2>/dev/null
        done
        kill -0 "$1" 2>/dev/null && return 1
        wait "$1" 2>/dev/null
        RSPD_STATUS=$?
        return 0
    fi
    timeout "$limit" tail -f /dev/null --pid="$1" 2>/dev/null
    ! kill -0 "$1" 2>/dev/null
}

# Run an rspc script (stdin) against 127.0.0.1:$PORT; replies in $work/rspc.out, errors in
# $work/rspc.err. Returns rspc's status.
rspc() {
    "$RSPC" "127.0.0.1:$PORT" >"$work/rspc.out" 2>"$work/rspc.err"
}

# "/proc/PID/status" field $2 of process $1, empty when it is gone.
proc_field() {
    awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null
}

# True when process $1 is alive, traced by nobody and not stopped: what a detached program is.
free_running() {
    local st tr
    st=$(proc_field "$1" State)
    tr=$(proc_field "$1" TracerPid)
    [ -n "$st" ] && [ "$st" != t ] && [ "$st" != T ] && [ "$st" != Z ] && [ "$tr" = 0 ]
}

# True when process $1 no longer exists (not even as a zombie).
gone() {
    [ ! -e "/proc/$1" ] || [ "$(proc_field "$1" State)" = "" ]
}

# Start executable $1 (args follow) in the background, detached from this shell's job control,
# and wait until it runs that executable (not the shell's fork of itself). Sets VICTIM.
spawn() {
    "$@" >/dev/null 2>&1 &
    VICTIM=$!
    disown "$VICTIM"
    pids+=("$VICTIM")
    local i
    for i in $(seq 200); do
        [ "$(readlink "/proc/$VICTIM/exe" 2>/dev/null)" = "$1" ] && return 0
        sleep 0.01
    done
    return 1
}

# Load address of executable $2 in process $1 (the start of its offset-0 mapping), in hex.
load_base() {
    awk -v f="$2" '$6 == f && $3 == "00000000" {split($1, a, "-"); print a[1]; exit}' "/proc/$1/maps"
}

# Address of symbol $2 in running process $1 (executable $3), in hex without 0x.
sym_addr() {
    local off base
    off=$(nm "$3" | awk -v s="$2" '$3 == s {print $1; exit}')
    base=$(load_base "$1" "$3")
    # ET_EXEC (2) executables hold absolute addresses; only ET_DYN (PIE) ones are relocated.
    [ "$(od -An -tu2 -j16 -N2 "$3" | tr -d ' ')" = 2 ] && base=0
    [ -n "$off" ] && [ -n "$base" ] && printf '%x\n' $((0x$base + 0x$off))
}

# Wait up to 5 s for process $1 to be gone (a killed child is reaped by rspd or by init).
wait_gone() {
    local i
    for i in $(seq 100); do
        gone "$1" && return 0
        sleep 0.05
    done
    return 1
}

# Wait up to 5 s for process $1 to be in a state other than traced-stop (running after a resume).
wait_running() {
    local i st
    for i in $(seq 100); do
        st=$(proc_field "$1" State)
        [ -n "$st" ] && [ "$st" != t ] && [ "$st" != T ] && return 0
        sleep 0.05
    done
    return 1
}
