#!/usr/bin/env bash
# Faults around a live session, at the byte level (rspc) and through real gdb:
#  - the debuggee is SIGKILLed from outside while stopped and while running: the client gets an
#    X (killed) stop reply, later packets get W/X or errors, and rspd exits cleanly;
#  - a debuggee forks a thousand times without fork events: its children run untraced (each
#    checks its own TracerPid), the program exits normally, nothing is left behind, rspd's fds
#    do not grow;
#  - a multi-threaded debuggee exits while rspd is stopping its threads after breakpoint hits;
#  - rspd gets SIGTERM, SIGINT or SIGHUP: a launched program is killed; an attached one is
#    detached, its breakpoint removed and the original code bytes back (read from /proc/PID/mem
#    before the attach and after the detach), and it runs on past the breakpoint address;
#  - rspd is SIGKILLed: the program it launched dies with it (PTRACE_O_EXITKILL);
#  - under a terminal (rspd the session leader, the program in the foreground), gdb detaches:
#    rspd stays until the program ends, as gdbserver does, and when it leaves (SIGTERM) it takes
#    the terminal back first, so the hangup of its session does not kill the detached program.
# Environment: RSPD, PROGS, TOOLS (as for tests/integration/run). Prints PASS/FAIL per case and
# "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GDB=${GDB:-gdb}
QSUP='> qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;no-resumed+'

# 16 bytes at hex address $2 of process $1, as hex.
mem16() {
    dd if="/proc/$1/mem" bs=16 count=1 skip=$((0x$2)) iflag=skip_bytes status=none 2>/dev/null |
        od -An -tx1 | tr -d ' \n'
}

fd_count() {
    find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l
}

t_kill_while_stopped() {
    local name="debuggee SIGKILLed while stopped: the next resume reports X09, rspd exits cleanly"
    start --once :0 "$(prog spin)" || { fail "$name" "no Listening line"; return; }
    {
        printf '%s\n< PacketSize=.*\n> ?\n< T05.*\n' "$QSUP"
        wait_line "$work/rspc.out" '^T05' "$SPID"
        kill -9 "$CHILD"
        printf '> vCont;c\n< X09;process:[0-9a-f]+\n> ?\n< W00|X09.*\n> g\n< E[0-9a-f]{2}\n'
        printf '> m0,1\n< E[0-9a-f]{2}\nclose\n'
    } | rspc
    local rc=$? why=
    wait_exit "$SPID" || why="rspd still running"
    [ -z "$why" ] && [ $rc != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && ! wait_gone "$CHILD" && why="program $CHILD still there"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_kill_while_running() {
    local name="debuggee SIGKILLed while running: the owed stop reply is X09, rspd exits cleanly"
    start --once :0 "$(prog spin)" || { fail "$name" "no Listening line"; return; }
    {
        printf '%s\n< PacketSize=.*\n> vCont;c\n' "$QSUP"
        wait_running "$CHILD"
        kill -9 "$CHILD"
        printf '< X09;process:[0-9a-f]+\n> ?\n< W00|X09.*\n> vCont;c\n< E[0-9a-f]{2}\nclose\n'
    } | rspc
    local rc=$? why=
    wait_exit "$SPID" || why="rspd still running"
    [ -z "$why" ] && [ $rc != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && ! grep -q 'Child terminated with signal = 0x9' "$work/log" && why="no exit line"
    [ -z "$why" ] && ! wait_gone "$CHILD" && why="program $CHILD still there"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_kill_while_running_gdb() {
    local name="gdb: debuggee SIGKILLed during 'continue': gdb reports it, rspd exits"
    local exe
    exe=$(prog spin)
    : >"$work/log"
    timeout 60 "$GDB" -q -n -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
        -ex "target remote | $RSPD - $exe" -ex 'continue' -ex 'info inferiors' "$exe" \
        >"$work/log" 2>&1 &
    local gdbpid=$! victim= i
    for i in $(seq 200); do
        victim=$(private_pids | head -1)
        [ -n "$victim" ] && [ "$(proc_field "$victim" TracerPid)" != 0 ] && wait_running "$victim" && break
        victim=
        sleep 0.05
    done
    [ -n "$victim" ] && kill -9 "$victim"
    wait "$gdbpid"
    local rc=$? why=
    [ -z "$victim" ] && why="the program never ran"
    [ -z "$why" ] && ! grep -q 'Program terminated with signal SIGKILL' "$work/log" && why="gdb did not report SIGKILL (rc $rc)"
    [ -z "$why" ] && grep -Eq 'Remote connection closed|internal-error' "$work/log" && why="gdb saw a broken connection"
    [ -z "$why" ] && ! wait_gone "$victim" && why="program still there"
    [ -z "$why" ] && [ -n "$(pgrep -f "^$RSPD - $exe")" ] && why="rspd still running"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_fork_thousand() {
    local name="a debuggee forks 1000 times, fork events off: children untraced, exits normally, nothing leaks"
    start --once :0 "$(prog forkmany)" 1000 || { fail "$name" "no Listening line"; return; }
    local fd0 fd1
    {
        # gdb's own pass list: SIGCHLD (0x14) from the exiting children goes straight through
        printf '%s\n< PacketSize=.*\n> QPassSignals:e;14;17;1a;1b;1c;21;24;25;2c;4c;97;\n< OK\n' "$QSUP"
        wait_line "$work/rspc.out" '^OK' "$SPID"
        fd_count "$SPID" >"$work/fd0"
        printf '> vCont;c\n< W00;process:[0-9a-f]+\n> ?\n< W00\n'
        wait_line "$work/rspc.out" '^W00$' "$SPID"
        fd_count "$SPID" >"$work/fd1"
        printf 'close\n'
    } | RSPC_TIMEOUT_MS=120000 rspc
    local rc=$? why=
    fd0=$(cat "$work/fd0")
    fd1=$(cat "$work/fd1")
    wait_exit "$SPID" || why="rspd still running"
    [ -z "$why" ] && [ $rc != 0 ] && why="rspc: $(tail -1 "$work/rspc.err"); program said: $(grep forkmany "$work/log")"
    [ -z "$why" ] && ! grep -q 'forkmany: 1000 children, 0 traced or failed' "$work/log" && why="$(grep forkmany "$work/log")"
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && [ "$fd1" -gt "$fd0" ] && why="rspd fds grew from $fd0 to $fd1"
    [ -z "$why" ] && [ -n "$(private_pids)" ] && why="leftover processes: $(private_pids)"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name (fds $fd0 -> $fd1)"
}

t_exit_while_stopping() {
    local name="a threaded debuggee exits while breakpoint hits keep rspd stopping its threads"
    local exe runs=0 args
    exe=$(prog exitrace)
    printf 'break hit\ncommands\nsilent\ncontinue\nend\ncontinue\n' >"$work/exitrace.gdb"
    for args in "32 150" "128 400" "8 30"; do
        # shellcheck disable=SC2086
        timeout 120 "$GDB" -q -n -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
            -ex "target remote | $RSPD - $exe $args" -x "$work/exitrace.gdb" "$exe" >"$work/log" 2>&1
        local rc=$?
        if [ $rc != 0 ] || ! grep -q 'exited normally' "$work/log" ||
            grep -Eq 'Remote connection closed|Remote communication error|internal-error|Error' "$work/log"; then
            fail "$name" "args '$args': gdb rc $rc"
            return
        fi
        if [ -n "$(private_pids)" ] || [ -n "$(pgrep -f "^$RSPD - $exe")" ]; then
            fail "$name" "args '$args': leftovers: $(private_pids) $(pgrep -f "^$RSPD - $exe")"
            return
        fi
        runs=$((runs + $(grep -c 'Switching to Thread' "$work/log")))
    done
    pass "$name ($runs thread switches)"
}

# rspd gets signal $1 while a client is connected and the launched program runs.
t_signal_launched() {
    local sig=$1 name="SIG$1 to rspd while the launched program runs: rspd exits 0, program killed"
    start :0 "$(prog spin)" || { fail "$name" "no Listening line"; return; }
    printf '%s\n< PacketSize=.*\n> vCont;c\nsleep 5000\nclose\n' "$QSUP" | rspc &
    local client=$! why=
    wait_running "$CHILD" && wait_line "$work/log" 'Remote debugging from' "$SPID"
    sleep 0.2
    kill -"$sig" "$SPID"
    wait_exit "$SPID" || why="rspd still running"
    wait "$client"
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && ! grep -q 'received, shutting down' "$work/log" && why="no shutdown line"
    [ -z "$why" ] && ! wait_gone "$CHILD" && why="program $CHILD still there"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

# rspd gets signal $1 while attached with a breakpoint at $2 (a function of spin), the program
# stopped ($3 = stopped) or running ($3 = running; the breakpoint is at main's entry, which never
# runs again), or held stopped for the next debugger after the client dropped the link ($3 =
# kept).
t_signal_attached() {
    local sig=$1 fn=$2 state=$3
    local name="SIG$sig to rspd, attached, $state, breakpoint at $fn: detached, code bytes restored, runs on"
    local exe victim addr before after why=
    exe=$(prog spin)
    spawn "$exe" || { fail "$name" "spin did not start"; return; }
    victim=$VICTIM
    addr=$(sym_addr "$victim" "$fn" "$exe")
    before=$(mem16 "$victim" "$addr")
    start --attach :0 "$victim" || { fail "$name" "no Listening line"; return; }
    {
        printf '%s\n< PacketSize=.*\n> ?\n< T.*\n> Z0,%s,1\n< OK\n' "$QSUP" "$addr"
        [ "$state" = running ] && printf '> vCont;c\n'
        [ "$state" != running ] && printf '> m%s,1\n< [0-9a-f]{2}\n' "$addr"
        [ "$state" != kept ] && printf 'sleep 5000\n'
        printf 'close\n'
    } | rspc &
    local client=$!
    wait_line "$work/log" 'Remote debugging from' "$SPID"
    if [ "$state" = running ]; then
        wait_running "$victim"
    elif [ "$state" = kept ]; then
        wait_line "$work/log" 'rspd will reopen the connection' "$SPID" || why="program not kept"
    else
        wait_line "$work/rspc.out" '^[0-9a-f][0-9a-f]$' "$SPID"
    fi
    local during
    during=$(mem16 "$victim" "$addr")
    kill -"$sig" "$SPID"
    wait_exit "$SPID" || why="rspd still running"
    wait "$client"
    sleep 0.3 # thousands of tick() calls: an int3 left in tick would kill spin with SIGTRAP
    after=$(mem16 "$victim" "$addr")
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && ! grep -q "Detaching from process $victim" "$work/log" && why="no 'Detaching' line"
    # (a stopped program may get its breakpoints only when resumed, as gdbserver's do)
    [ -z "$why" ] && [ "$state" = running ] && [ "${during:0:2}" != cc ] &&
        why="breakpoint was not in memory while running ($during)"
    [ -z "$why" ] && { [ -z "$before" ] || [ "$before" != "$after" ]; } && why="code bytes at $fn: before $before, after $after"
    [ -z "$why" ] && ! free_running "$victim" &&
        why="not running free: state=$(proc_field "$victim" State) tracer=$(proc_field "$victim" TracerPid)"
    kill -9 "$victim" 2>/dev/null
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

# rspd is SIGKILLed; $1 = client (a debugger connected, program running) or none.
t_sigkill_rspd() {
    local mode=$1 name="SIGKILL to rspd ($1): the launched program dies with it (PTRACE_O_EXITKILL)"
    start :0 "$(prog spin)" || { fail "$name" "no Listening line"; return; }
    local client=
    if [ "$mode" = client ]; then
        printf '%s\n< PacketSize=.*\n> vCont;c\nsleep 5000\nclose\n' "$QSUP" | rspc &
        client=$!
        wait_running "$CHILD"
    fi
    kill -9 "$SPID"
    wait_exit "$SPID" 2>/dev/null # (bash reports the kill; it is the point here)
    [ -n "$client" ] && wait "$client"
    if wait_gone "$CHILD"; then
        pass "$name"
    else
        fail "$name" "program $CHILD still there: state $(proc_field "$CHILD" State)"
    fi
}

# rspd --once under a pseudo-terminal (script(1)); gdb detaches from spin.
t_detach_under_terminal() {
    local name="detached under a terminal: rspd stays while the program runs, which outlives rspd"
    local exe server child why=
    exe=$(prog spin)
    : >"$work/log"
    script -qfec "exec $RSPD --once 127.0.0.1:0 $exe" /dev/null >"$work/log" 2>&1 &
    pids+=("$!")
    wait_line "$work/log" 'Listening on' "$!" || { fail "$name" "no Listening line"; return; }
    PORT=$(sed -n 's/^Listening on port \([0-9]*\).*$/\1/p' "$work/log" | head -1)
    child=$(sed -n 's/^Process .* created; pid = \([0-9]*\).*$/\1/p' "$work/log" | head -1)
    server=$(proc_field "$child" PPid)
    timeout 30 "$GDB" -q -n -batch -ex "target remote 127.0.0.1:$PORT" -ex detach "$exe" \
        >"$work/gdb.log" 2>&1
    sleep 0.3
    kill -0 "$server" 2>/dev/null || why="rspd left while the detached program runs"
    [ -z "$why" ] && ! free_running "$child" && why="program not running free after detach"
    kill -TERM "$server" 2>/dev/null
    timeout 10 tail -f /dev/null --pid="$server" 2>/dev/null
    sleep 0.3
    [ -z "$why" ] && kill -0 "$server" 2>/dev/null && why="rspd still there after SIGTERM"
    [ -z "$why" ] && ! free_running "$child" &&
        why="program gone with rspd (state $(proc_field "$child" State))"
    kill -9 "$child" 2>/dev/null
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_kill_while_stopped
t_kill_while_running
t_kill_while_running_gdb
t_fork_thousand
t_exit_while_stopping
for s in TERM INT HUP; do t_signal_launched "$s"; done
t_signal_attached TERM tick stopped
t_signal_attached INT tick stopped
t_signal_attached HUP tick stopped
t_signal_attached TERM main running
t_signal_attached HUP main running
t_signal_attached TERM tick kept
t_sigkill_rspd none
t_sigkill_rspd client
t_detach_under_terminal
summary
