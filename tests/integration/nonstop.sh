#!/usr/bin/env bash
# Non-stop mode at the byte level with rspc (gdb's batch mode cannot wait for the asynchronous
# stops of "interrupt -a"; tests/integration/gdb/nonstop-break.gdb covers gdb itself):
# QNonStop:1, '?' answered through the vStopped sequence, packets served while the program
# runs, vCont;t stopping a thread (notified as %Stop:T00), a breakpoint hit notified as
# %Stop:T05swbreak, vStopped draining to OK, QNonStop:0 back to all-stop (the stop reply owed
# again), and a disconnect while running killing the program (--once).
# Proven on GNU gdbserver: RSPD=/usr/bin/gdbserver passes it too. Environment: RSPD, PROGS, TOOLS (as for tests/integration/run). Prints PASS/FAIL per case and
# "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

QSUP='> qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;no-resumed+'

t_notifications() {
    local name="non-stop: vCont;t and a breakpoint notified as %Stop, drained by vStopped" why=
    local exe h tick
    exe=$(prog spin)
    start --once :0 "$exe" || { fail "$name" "no Listening line"; return; }
    h=$(printf '%x' "$CHILD")
    tick=$(sym_addr "$CHILD" tick "$exe")
    rspc <<EOF
$QSUP
< PacketSize=[0-9a-f]+;.*;QNonStop\+.*
> QNonStop:1
< OK
# '?': the stopped thread, then vStopped ends the list
> ?
< T05.*thread:p$h\.$h;.*
> vStopped
< OK
> vCont;c
< OK
# served while the thread runs
> qfThreadInfo
< mp$h\.$h
> vCont;t:p$h.$h
< OK
< %Stop:T00.*thread:p$h\.$h;.*
> vStopped
< OK
> ?
< T00.*thread:p$h\.$h;.*
> vStopped
< OK
# gdb selects a thread first (gdbserver crashes on a Z0 without one)
> Hgp$h.$h
< OK
> Z0,$tick,1
< OK
> vCont;c:p$h.$h
< OK
< %Stop:T05swbreak:;.*10:.*thread:p$h\.$h;.*
> vStopped
< OK
> z0,$tick,1
< OK
# back to all-stop: a resume owes its stop reply again
> QNonStop:0
< OK
# rspd: the empty reply; gdbserver: OK
> vStopped
< (OK|)
> vCont;c
! \x03
< T02.*thread:p$h\.$h;.*
> QNonStop:1
< OK
> vCont;c
< OK
close
EOF
    [ $? != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    wait_exit "$SPID" || why=${why:-"rspd still running"}
    [ -z "$why" ] && ! grep -Eq "Killing process(\(es\):)? $CHILD" "$work/log" && why="no 'Killing process' line"
    [ -z "$why" ] && ! gone "$CHILD" && why="program $CHILD left behind"
    [ -z "$why" ] && [ -n "$(private_pids)" ] && why="leftover processes: $(private_pids)"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

# Non-stop vAttach: OK, and the attached threads' stops are told only when gdb asks for them
# with vCont;t, as gdbserver does. gdb 13 misparses a %Stop that comes before it has read the
# new process's target description (gdb.multi/attach-no-multi-process.exp): nothing may arrive
# in between, which the qfThreadInfo after the pause checks (a notification would be read in
# place of its reply).
t_attach_stops_wait_for_vcont_t() {
    local name="non-stop vAttach: the threads' stops wait for vCont;t" why= h
    spawn "$(prog spin)" || { fail "$name" "spin did not start"; return; }
    start --once --multi :0 || { fail "$name" "no Listening line"; return; }
    h=$(printf '%x' "$VICTIM")
    rspc <<EOF
$QSUP
< PacketSize=[0-9a-f]+;.*
> QNonStop:1
< OK
> vAttach;$h
< OK
sleep 300
> qfThreadInfo
< mp$h\.$h
> vCont;t:p$h.-1
< OK
< %Stop:T00.*thread:p$h\.$h;.*
> vStopped
< OK
> D;$h
< OK
close
EOF
    [ $? != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    wait_exit "$SPID" || why=${why:-"rspd still running"}
    [ -z "$why" ] && ! free_running "$VICTIM" && why="$VICTIM not running free after detach"
    kill "$VICTIM" 2>/dev/null
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

# `--attach` (all-stop), then gdb's `maint set target-non-stop on`: QNonStop:1 and '?' list
# only the thread whose stop gdb was told of (the leader), as gdbserver does; the others,
# stopped by the server alone, look running to gdb, and its vCont;t gets their stops as
# notifications. gdb 13 asserts when '?' lists them all (gdb.server/attach-flag.exp).
t_attach_then_non_stop() {
    local name="--attach, then QNonStop:1: '?' lists the leader, vCont;t brings the others" h why=
    spawn "$(prog sleepers)" || { fail "$name" "sleepers did not start"; return; }
    sleep 0.2 # its threads exist
    start --once --attach :0 "$VICTIM" || { fail "$name" "no Listening line"; return; }
    h=$(printf '%x' "$VICTIM")
    {
        echo "$QSUP"
        echo '< PacketSize=[0-9a-f]+;.*'
        echo '> QNonStop:1'
        echo '< OK'
        echo '> ?'
        echo "< T..*thread:p$h\\.$h;.*"
        echo '> vStopped'
        echo '< OK'
        # gdb stops each thread it deems running, one vCont;t each
        for t in $(ls "/proc/$VICTIM/task"); do
            [ "$t" = "$VICTIM" ] && continue
            t=$(printf '%x' "$t")
            echo "> vCont;t:p$h.$t"
            echo '< OK'
            echo "< %Stop:T00.*thread:p$h\\.$t;.*"
            echo '> vStopped'
            echo '< OK'
        done
        echo "> D;$h"
        echo '< OK'
        echo 'close'
    } | rspc
    [ $? != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    wait_exit "$SPID" || why=${why:-"rspd still running"}
    [ -z "$why" ] && ! free_running "$VICTIM" && why="$VICTIM not running free after detach"
    kill "$VICTIM" 2>/dev/null
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_notifications
t_attach_stops_wait_for_vcont_t
t_attach_then_non_stop
summary
