#!/usr/bin/env bash
# Transport and lifetime tests, at the socket level with the raw client rspc: loopback-only
# default, explicit IPv4/IPv6 wildcards, unix sockets created 0600, "address in use" in
# gdbserver's words, one debugger at a time, --once / --multi, and what happens to the program
# when the debugger disconnects (launched: killed; attached: detached and still running).
# Environment: RSPD, PROGS, TOOLS (as for tests/integration/run). Prints PASS/FAIL per case and
# "N passed, M failed"; exits 1 on any failure.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
RSPD=$(realpath "${RSPD:-$root/build/rspd}")
PROGS=$(realpath "${PROGS:-$root/build/tests/programs}")
RSPC=$(realpath "${TOOLS:-$root/build/tests/tools}")/rspc
work=$(mktemp -d /tmp/rspd-transport.XXXXXX)
passed=0
failed=0
pids=()

cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

pass() { echo "PASS  $1"; passed=$((passed + 1)); }
fail() {
    echo "FAIL  $1: $2"
    [ -f "$work/log" ] && sed 's/^/    | /' "$work/log" | tail -15
    failed=$((failed + 1))
}

# Wait (at most 10 s, no sleeping) for a line matching $2 in file $1 written by process $3.
wait_line() {
    grep -m1 -q "$2" < <(timeout 10 tail -n +1 -f --pid="$3" "$1" 2>/dev/null)
}

# Start rspd with ARGS, output in $work/log; wait (no sleeping) for its "Listening on" line.
# Sets SPID and PORT.
start() {
    : >"$work/log"
    "$RSPD" "$@" >"$work/log" 2>&1 &
    SPID=$!
    disown "$SPID"
    pids+=("$SPID")
    PORT=
    if wait_line "$work/log" 'Listening on' "$SPID"; then
        PORT=$(sed -n 's/^Listening on port \([0-9]*\)$/\1/p' "$work/log" | head -1)
        return 0
    fi
    return 1
}

# Wait up to 10 s for process $1 to exit; its status in $? when it is our child.
wait_exit() {
    timeout 10 tail -f /dev/null --pid="$1" 2>/dev/null
    ! kill -0 "$1" 2>/dev/null
}

# Local address of the TCP listener on port $1 from /proc/net/tcp{,6}: "127.0.0.1", "0.0.0.0", "::"…
listen_addr() {
    local hexport
    hexport=$(printf '%04X' "$1")
    if awk -v p=":$hexport" '$2 ~ p"$" && $4 == "0A" {print $2; exit}' /proc/net/tcp | grep -q .; then
        awk -v p=":$hexport" '$2 ~ p"$" && $4 == "0A" {split($2, a, ":"); print a[1]; exit}' /proc/net/tcp
    else
        awk -v p=":$hexport" '$2 ~ p"$" && $4 == "0A" {split($2, a, ":"); print "v6:" a[1]; exit}' /proc/net/tcp6
    fi
}

t_loopback_default() {
    local name="':PORT' listens on 127.0.0.1 only"
    start --once :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local a
    a=$(listen_addr "$PORT")
    kill "$SPID"
    wait_exit "$SPID"
    [ "$a" = "0100007F" ] && pass "$name" || fail "$name" "bound to '$a'"
}

t_wildcards() {
    local name="'0.0.0.0:PORT' and '[::]:PORT' listen on every interface, '[::1]:PORT' on v6 loopback"
    start --once 0.0.0.0:0 "$PROGS/spin" || { fail "$name" "0.0.0.0: no Listening line"; return; }
    local a4 a6 a61
    a4=$(listen_addr "$PORT")
    kill "$SPID"
    wait_exit "$SPID"
    if ! start --once '[::]:0' "$PROGS/spin"; then
        fail "$name" "[::]: no Listening line"
        return
    fi
    a6=$(listen_addr "$PORT")
    # a v4 client reaches the dual-stack listener
    printf '> qSymbol::\n< OK\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local v4ok=$?
    wait_exit "$SPID"
    if ! start --once '[::1]:0' "$PROGS/spin"; then
        fail "$name" "[::1]: no Listening line"
        return
    fi
    a61=$(listen_addr "$PORT")
    printf '> qSymbol::\n< OK\nclose\n' | "$RSPC" "[::1]:$PORT" >/dev/null 2>&1
    local v6ok=$?
    wait_exit "$SPID"
    if [ "$a4" = "00000000" ] && [ "$a6" = "v6:00000000000000000000000000000000" ] &&
        [ "$a61" = "v6:00000000000000000000000001000000" ] && [ $v4ok = 0 ] && [ $v6ok = 0 ]; then
        pass "$name"
    else
        fail "$name" "0.0.0.0->$a4 [::]->$a6 [::1]->$a61 v4-client=$v4ok v6-client=$v6ok"
    fi
}

t_unix_mode() {
    local name="unix:PATH socket is mode 0600 and serves packets"
    start --once "unix:$work/sock" "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local mode
    mode=$(stat -c %a "$work/sock")
    printf '> qSymbol::\n< OK\n> ?\n< T05.*\nclose\n' | "$RSPC" "unix:$work/sock" >"$work/out" 2>&1
    local rc=$?
    wait_exit "$SPID"
    if [ "$mode" = 600 ] && [ $rc = 0 ] && [ ! -e "$work/sock" ]; then
        pass "$name"
    else
        fail "$name" "mode=$mode rspc=$rc socket-left=$([ -e "$work/sock" ] && echo yes || echo no)"
    fi
}

# --debug-file takes the packet log; the lines tools parse stay on stderr, as with gdbserver
# (gdb's testsuite, IDEs and scripts wait for "Listening on port N" there).
t_debug_file() {
    local name="--debug-file takes the packet log, 'Listening on port' stays on stderr"
    start --once --remote-debug "--debug-file=$work/debug.log" :0 "$PROGS/spin" ||
        { fail "$name" "no Listening line on stderr"; return; }
    kill "$SPID"
    wait_exit "$SPID"
    if grep -q '^Process .* created; pid = [0-9]*$' "$work/log" &&
        ! grep -q 'Listening on' "$work/debug.log"; then
        pass "$name"
    else
        fail "$name" "stderr or debug file wrong"
    fi
}

# rspd on a terminal (as gdb's testsuite runs it, under a pty) gives it to the program it
# launches, and takes it back before exiting, as gdbserver does: the hangup when the terminal
# closes after rspd must not kill a program the debugger detached from. Extended mode ('!'), in
# which rspd leaves at the end of the session rather than waiting for the detached program.
t_detached_survives_terminal_hangup() {
    local name="a detached program outlives the hangup of rspd's terminal" child= why=
    script -qfec "$RSPD --once 127.0.0.1:0 $PROGS/spin" "$work/log" </dev/null >/dev/null 2>&1 &
    local sc=$!
    if ! wait_line "$work/log" 'Listening on' "$sc"; then
        fail "$name" "no Listening line"
        return
    fi
    # script(1) copies the terminal's output in chunks: wait for whole lines.
    PORT= child=
    for _ in $(seq 100); do
        PORT=$(tr -d '\r' <"$work/log" | sed -n 's/^Listening on port \([0-9][0-9]*\)$/\1/p' | head -1)
        child=$(tr -d '\r' <"$work/log" | sed -n 's/^Process .* created; pid = \([0-9][0-9]*\)$/\1/p')
        [ -n "$PORT" ] && [ -n "$child" ] && break
        sleep 0.05
    done
    printf '> qSupported:multiprocess+\n< PacketSize=.*\n> !\n< OK\n> D;%x\n< OK\nclose\n' "$child" |
        "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>"$work/rspc.err"
    [ $? != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    wait_exit "$sc" || why=${why:-"script/rspd still running"}
    sleep 0.2 # the hangup is delivered as the pty closes
    local st
    st=$(awk '$1 == "State:" {print $2}' "/proc/$child/status" 2>/dev/null)
    [ -z "$why" ] && { [ -z "$st" ] || [ "$st" = Z ] || [ "$st" = T ] || [ "$st" = t ]; } &&
        why="program $child killed by the hangup (state '$st')"
    kill "$child" 2>/dev/null
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_address_in_use() {
    local name="a busy port is reported as gdbserver does and rspd exits non-zero, killing PROG"
    start --once :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local first=$SPID busy=$PORT
    "$RSPD" --once ":$busy" "$PROGS/spin" >"$work/log2" 2>&1
    local rc=$?
    kill "$first"
    wait_exit "$first"
    local child
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log2")
    if grep -qx "Can't bind address: Address already in use." "$work/log2" && [ $rc != 0 ] &&
        [ -n "$child" ] && ! kill -0 "$child" 2>/dev/null; then
        pass "$name"
    else
        cp "$work/log2" "$work/log"
        fail "$name" "rc=$rc child=$child"
    fi
}

t_disconnect_kills_launched() {
    local name="a debugger that vanishes while the program runs leaves no launched program behind"
    start :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local child
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log")
    printf '> ?\n< T05.*\n> vCont;c\nsleep 100\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    if wait_exit "$SPID" && ! kill -0 "$child" 2>/dev/null && grep -q "Killing process $child" "$work/log"; then
        pass "$name"
    else
        fail "$name" "rspd or program $child still alive"
    fi
}

t_reconnect_finds_stopped_program() {
    local name="without --once a stopped program waits for the debugger to reconnect; --once kills it"
    start :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local child hex
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log")
    hex=$(printf '%x' "$child")
    printf '> ?\n< T05.*\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local r1=$?
    wait_line "$work/log" 'reopen the connection' "$SPID"
    printf "> qSupported:multiprocess+\n< .*\n> ?\n< T05.*thread:p$hex.$hex;.*\n> vKill;$hex\n< OK\nclose\n" |
        "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local r2=$?
    local gone1=no
    wait_exit "$SPID" && ! kill -0 "$child" 2>/dev/null && gone1=yes
    start --once :0 "$PROGS/spin" || { fail "$name" "--once: no Listening line"; return; }
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log")
    printf '> ?\n< T05.*\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local gone2=no
    wait_exit "$SPID" && ! kill -0 "$child" 2>/dev/null && grep -q "Killing process $child" "$work/log" && gone2=yes
    if [ $r1 = 0 ] && [ $r2 = 0 ] && [ $gone1 = yes ] && [ $gone2 = yes ]; then
        pass "$name"
    else
        fail "$name" "first=$r1 reconnect=$r2 exited-after-vKill=$gone1 once-killed=$gone2"
    fi
}

t_disconnect_detaches_attached() {
    local name="--attach --once: a debugger that disconnects leaves the process running, detached"
    "$PROGS/spin" >/dev/null 2>&1 &
    local victim=$!
    disown "$victim"
    pids+=("$victim")
    start --once --attach :0 "$victim" || { fail "$name" "no Listening line"; return; }
    printf '> ?\n< T.*\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    wait_exit "$SPID"
    local tracer state
    tracer=$(awk '/^TracerPid:/ {print $2}' "/proc/$victim/status" 2>/dev/null)
    state=$(awk '/^State:/ {print $2}' "/proc/$victim/status" 2>/dev/null)
    kill -9 "$victim" 2>/dev/null
    if [ "$tracer" = 0 ] && [ "$state" != "t" ] && [ "$state" != "T" ] &&
        grep -q "Detaching from process $victim" "$work/log"; then
        pass "$name"
    else
        fail "$name" "tracer=$tracer state=$state"
    fi
}

t_second_debugger_refused() {
    local name="a second debugger is refused with a message while the first is connected"
    start --once :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    # the first client holds the connection open while the second one tries
    (printf '> ?\n< T05.*\nsleep 1500\n> qSymbol::\n< OK\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >"$work/first" 2>&1; echo $? >"$work/first.rc") &
    local holder=$!
    wait_line "$work/log" 'Remote debugging from host' "$SPID"
    printf '< E\\.rspd: another debugger is already connected\n' | "$RSPC" "127.0.0.1:$PORT" >"$work/second" 2>&1
    local rc2=$?
    wait "$holder"
    wait_exit "$SPID"
    if [ $rc2 = 0 ] && [ "$(cat "$work/first.rc")" = 0 ] && grep -q 'refused a second connection' "$work/log"; then
        pass "$name"
    else
        fail "$name" "second=$rc2 first=$(cat "$work/first.rc")"
    fi
}

t_multi_and_once() {
    local name="--multi serves one debugger after another; --once stops after the first"
    start --multi :0 || { fail "$name" "no Listening line"; return; }
    printf '> !\n< OK\n> ?\n< W00\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local r1=$?
    printf '> ?\n< W00\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local r2=$?
    kill -0 "$SPID" 2>/dev/null
    local alive=$?
    kill "$SPID"
    wait_exit "$SPID"
    start --multi --once :0 || { fail "$name" "--once: no Listening line"; return; }
    printf '> ?\n< W00\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    local r3=$?
    if wait_exit "$SPID" && [ $r1 = 0 ] && [ $r2 = 0 ] && [ $alive = 0 ] && [ $r3 = 0 ]; then
        pass "$name"
    else
        fail "$name" "r1=$r1 r2=$r2 alive-after-2=$alive r3=$r3"
    fi
}

t_sigterm_kills_launched() {
    local name="SIGTERM to rspd: clean shutdown, launched program killed"
    start :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local child
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log")
    kill -TERM "$SPID"
    if wait_exit "$SPID" && ! kill -0 "$child" 2>/dev/null; then
        pass "$name"
    else
        fail "$name" "rspd or program $child still alive"
    fi
}

t_allow_list() {
    local name="--allow 127.0.0.1/32: a peer at 127.0.0.2 is cut off unread and named, 127.0.0.1 is served"
    start --once --allow 127.0.0.1/32 :0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local t0 t1 rc1 rc2 child
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\)$/\1/p' "$work/log")
    t0=$(date +%s%N)
    # The refused client's packet must get neither an ack nor a reply: the socket is closed at
    # once (well before rspc's 8 s read timeout).
    printf '> ?\n< .*\n' | RSPC_BIND=127.0.0.2 RSPC_TIMEOUT_MS=8000 "$RSPC" "127.0.0.1:$PORT" >"$work/denied" 2>&1
    rc1=$?
    t1=$(date +%s%N)
    local alive=no
    kill -0 "$SPID" 2>/dev/null && kill -0 "$child" 2>/dev/null && alive=yes
    printf '> ?\n< T05.*\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >"$work/allowed" 2>&1
    rc2=$?
    wait_exit "$SPID"
    if [ $rc1 = 1 ] && grep -q 'connection closed' "$work/denied" && ! grep -q '^T' "$work/denied" &&
        [ $(((t1 - t0) / 1000000)) -lt 4000 ] && [ $alive = yes ] && [ $rc2 = 0 ] &&
        grep -Eq '^rspd: refused a connection from host 127\.0\.0\.2, port [0-9]+: not in the --allow list$' "$work/log" &&
        ! grep -q 'Remote debugging from host 127.0.0.2' "$work/log" &&
        grep -q 'Remote debugging from host 127.0.0.1' "$work/log"; then
        pass "$name"
    else
        fail "$name" "refused-client rc=$rc1 after $(((t1 - t0) / 1000000)) ms, rspd+program alive=$alive, allowed-client rc=$rc2"
    fi
}

t_wide_listener_warns() {
    local name="a non-loopback listener without --allow warns; with --allow it does not"
    start --once 0.0.0.0:0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    local warned=no quiet=no
    wait_line "$work/log" 'no --allow list' "$SPID" && warned=yes
    kill "$SPID"
    wait_exit "$SPID"
    start --once --allow 127.0.0.0/8 0.0.0.0:0 "$PROGS/spin" || { fail "$name" "no Listening line"; return; }
    printf '> ?\n< T05.*\nclose\n' | "$RSPC" "127.0.0.1:$PORT" >/dev/null 2>&1
    wait_exit "$SPID"
    grep -q 'no --allow list' "$work/log" || quiet=yes
    [ $warned = yes ] && [ $quiet = yes ] && pass "$name" || fail "$name" "warned=$warned quiet-with-allow=$quiet"
}

t_loopback_default
t_wildcards
t_allow_list
t_wide_listener_warns
t_unix_mode
t_address_in_use
t_disconnect_kills_launched
t_reconnect_finds_stopped_program
t_disconnect_detaches_attached
t_second_debugger_refused
t_debug_file
t_detached_survives_terminal_hangup
t_multi_and_once
t_sigterm_kills_launched
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
