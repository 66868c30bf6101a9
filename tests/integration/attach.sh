#!/usr/bin/env bash
# Attach tests with real gdb: `SERVER --attach COMM PID` on tests/programs/attach.c with 0 and 4
# worker threads and with threads created all the time (every thread must be stopped once
# attached), a breakpoint hit while attached, and detach leaving the program to run on unharmed
# (it proves that itself and exits 0). Refusals: a pid that does not exist, a process another
# tracer (strace) holds, and another user's process (the server run as nobody) must be refused
# with a message naming the cause.
# usage: tests/integration/attach.sh [--server=rspd|gdbserver]  (gdbserver proves the scenarios)
# Environment: RSPD, GDBSERVER, GDB, PROGS (as for tests/integration/run). Prints PASS/FAIL per
# case and "N passed, M failed"; exits 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
server_kind=rspd
for arg in "$@"; do
    case $arg in
    --server=*) server_kind=${arg#*=} ;;
    *)
        echo "usage: $0 [--server=rspd|gdbserver]" >&2
        exit 2
        ;;
    esac
done
case $server_kind in
rspd) SERVER=$(realpath "${RSPD:-$root/build/rspd}") ;;
gdbserver) SERVER=$(realpath "${GDBSERVER:-/usr/bin/gdbserver}") ;;
*)
    echo "$0: --server must be rspd or gdbserver" >&2
    exit 2
    ;;
esac
GDB=${GDB:-gdb}
PROGS=$(realpath "${PROGS:-$root/build/tests/programs}")
PROG=$PROGS/attach
work=$(mktemp -d "${TMPDIR:-/tmp}/rspd-attach.XXXXXX")
passed=0
failed=0
pids=()

cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    if ((failed)); then echo "attach.sh: logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

pass() {
    echo "PASS  $1"
    passed=$((passed + 1))
}
fail() {
    echo "FAIL  $1: $2"
    for f in "$work"/gdb.log "$work"/server.log; do
        [[ -s $f ]] && sed 's/^/    | /' "$f" | tail -15
    done
    failed=$((failed + 1))
}

# Start the debuggee with ARGS (marker $work/marker) in the background and wait (at most 10 s)
# for its "ready" line; sets VPID (the program's pid) and LAUNCHED (the job started: the
# program itself, or its tracer).
start_victim() {
    local line deadline=$((SECONDS + 10))
    rm -f "$work/marker"
    "$@" </dev/null >"$work/victim.out" 2>&1 &
    pids+=($!)
    LAUNCHED=$!
    while ((SECONDS < deadline)); do
        line=$(head -n 1 "$work/marker" 2>/dev/null)
        if [[ $line =~ ^ready\ [0-9]+\ 0x[0-9a-f]+\ ([0-9]+)$ ]]; then
            VPID=${BASH_REMATCH[1]}
            return 0
        fi
        sleep 0.02
    done
    return 1
}

# Wait (at most 15 s) for background job $1 to end; its exit status in $?.
wait_victim() {
    local t
    for ((t = 0; t < 750; t++)); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.02
    done
    wait "$1"
}

# Run gdb with script $1 attached through the server (stdio) to $VPID; output in gdb.log.
run_gdb() {
    timeout -k 5 60 "$GDB" -q -n -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
        -ex "target remote | $SERVER --attach - $VPID" -x "$1" "$PROG" </dev/null >"$work/gdb.log" 2>&1
}

# The states of every thread of $1 ("t" = stopped by the tracer), as one word per thread.
thread_states() {
    for s in /proc/"$1"/task/*/stat; do
        sed 's/.*) \(.\).*/\1/' "$s" 2>/dev/null
    done
}

# attach_case NAME WORKERS [churn]: attach, check the thread list and that every thread is
# stopped, hit a breakpoint, let the program know, detach; the program must run on and exit 0.
attach_case() {
    local name=$1 workers=$2 churn=${3:-}
    # shellcheck disable=SC2086 # no churn: no argument
    if ! start_victim "$PROG" "$work/marker" "$workers" $churn; then
        fail "$name" "the program did not get ready"
        return
    fi
    local victim=$LAUNCHED line
    line=$(grep -n 'line:attach-tick' "$root/tests/programs/attach.c" | cut -d: -f1)
    cat >"$work/script.gdb" <<EOF
shell ls /proc/$VPID/task | wc -l > $work/tasks
shell for s in /proc/$VPID/task/*/stat; do sed 's/.*) \(.\).*/state:\1/' \$s; done
info threads
break attach.c:$line
continue
delete
set var attach_done = 1
detach
EOF
    run_gdb "$work/script.gdb"
    local gst=$?
    wait_victim "$victim"
    local st=$?
    local nthreads tasks
    nthreads=$(grep -cE '^[* ] +[0-9]+ +Thread ' "$work/gdb.log")
    tasks=$(cat "$work/tasks" 2>/dev/null)
    if ((gst != 0)); then
        fail "$name" "gdb exited with status $gst"
    elif grep -qE 'Error in sourced command file|Remote connection closed|internal-error' "$work/gdb.log"; then
        fail "$name" "gdb reported an error"
    elif grep -q '^state:[^t]' "$work/gdb.log"; then
        fail "$name" "a thread was running while attached: $(grep -c '^state:[^t]' "$work/gdb.log") of $tasks"
    elif [[ -z $churn ]] && ((nthreads != workers + 1)); then
        fail "$name" "gdb listed $nthreads threads, the program has $((workers + 1))"
    elif [[ -n $churn ]] && ((nthreads != tasks)); then
        fail "$name" "gdb listed $nthreads threads, /proc listed $tasks"
    elif ! grep -qE "^(Thread [0-9]+ \"attach\" hit )?Breakpoint 1, attach_tick \(\) at .*attach\.c:$line" "$work/gdb.log"; then
        fail "$name" "the breakpoint in attach_tick was not reported"
    elif ! grep -qE "^\[Inferior 1 \(process $VPID\) detached\]" "$work/gdb.log"; then
        fail "$name" "no detach message"
    elif ((st != 0)); then
        fail "$name" "the program exited with status $st after the detach: $(tail -n 1 "$work/marker")"
    elif ! grep -qx "attach: ran on after detach, $workers workers" "$work/marker"; then
        fail "$name" "marker says: $(tail -n 1 "$work/marker")"
    else
        pass "$name"
    fi
}

# refuse_case NAME PID REGEX: the server must exit non-zero without listening, saying REGEX.
refuse_case() {
    local name=$1 pid=$2 re=$3
    # shellcheck disable=SC2086 # SERVER may carry a setpriv prefix
    timeout 20 $SERVER --attach 127.0.0.1:0 "$pid" </dev/null >"$work/server.log" 2>&1
    local st=$?
    if grep -q 'Listening on' "$work/server.log"; then
        fail "$name" "the server listened"
    elif ((st == 0 || st > 128)); then
        fail "$name" "the server exited with status $st"
    elif ! grep -qE "$re" "$work/server.log"; then
        fail "$name" "no line matches /$re/"
    else
        pass "$name"
    fi
}

: >"$work/gdb.log"
: >"$work/server.log"
echo "rspd attach tests: server $server_kind ($SERVER)"
if [[ ! -x $PROG ]]; then
    echo "$0: $PROG is not built (make integration)"
    echo "0 passed, 1 failed"
    exit 1
fi

attach_case "attach to a single-threaded program, break, detach: it runs on" 0
attach_case "attach to 4 worker threads: all stopped and listed; detach: all run on" 4
for i in 1 2 3; do
    attach_case "attach while threads are being created ($i): every thread stopped" 3 churn
done

# A pid that no longer exists: a child that has been reaped.
sh -c 'exit 0' &
gone=$!
wait "$gone"
if [[ $server_kind == rspd ]]; then
    refuse_case "attach to a pid that does not exist" "$gone" \
        "rspd: cannot attach to process $gone: no process $gone"
else
    refuse_case "attach to a pid that does not exist" "$gone" \
        "Cannot attach to process $gone: No such process"
fi

# A process strace already traces.
if command -v strace >/dev/null; then
    if start_victim strace -o /dev/null "$PROG" "$work/marker" 0; then
        tracer=$LAUNCHED
        if [[ $server_kind == rspd ]]; then
            refuse_case "attach to a process strace traces" "$VPID" \
                "rspd: cannot attach to process $VPID: .*already traced by process $tracer \(strace\).*TracerPid"
        else
            refuse_case "attach to a process strace traces" "$VPID" \
                "Cannot attach to (lwp|process) $VPID: Operation not permitted"
        fi
        kill -9 "$VPID" "$tracer" 2>/dev/null
        wait "$tracer" 2>/dev/null
    else
        fail "attach to a process strace traces" "the program did not get ready under strace"
    fi
else
    echo "SKIP  attach to a process strace traces: strace is not installed"
fi

# Another user's process, without CAP_SYS_PTRACE: the server runs as nobody (needs root here).
if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null; then
    if start_victim "$PROG" "$work/marker" 0; then
        victim=$LAUNCHED
        SERVER_REAL=$SERVER
        SERVER="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all $SERVER_REAL"
        if [[ $server_kind == rspd ]]; then
            refuse_case "attach to another user's process" "$VPID" \
                "rspd: cannot attach to process $VPID: .*belongs to uid 0 and rspd runs as uid 65534 without CAP_SYS_PTRACE"
        else
            refuse_case "attach to another user's process" "$VPID" \
                "Cannot attach to process $VPID: Operation not permitted"
        fi
        SERVER=$SERVER_REAL
        kill -9 "$victim" 2>/dev/null
        wait "$victim" 2>/dev/null
    else
        fail "attach to another user's process" "the program did not get ready"
    fi
else
    echo "SKIP  attach to another user's process: needs root and setpriv"
fi

echo "$passed passed, $failed failed"
((failed == 0))
