#!/usr/bin/env bash
# A hostile client against a live rspd and a real debuggee, at the byte level with rspc:
# malformed, truncated, oversize (PacketSize + 1) and out-of-order packets, wrong checksums,
# binary garbage, m/M/X with huge lengths and wrapping addresses, Z with bad kinds and lengths,
# thread ids that do not exist, disconnects mid-packet and mid-run. Every packet must get an
# error or the empty reply and rspd must keep serving (each script ends with a '?' that must
# still answer). Afterwards the process table is checked: a launched debuggee is gone (killed and
# reaped), an attached one is detached, running and untraced, with its breakpoint removed. Runs
# use --once, except one that checks that a hostile client which drops the link while the
# program is stopped leaves it (as gdbserver does) for the next debugger, and nothing more.
# Environment: RSPD, PROGS, TOOLS (as for tests/integration/run). Prints PASS/FAIL per case and
# "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ERR='(E[0-9a-f]{2}|E\..*|)' # an error, or the empty reply ("not supported")
QSUP='> qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;no-resumed+'
STOPPED='T[0-9a-f]{2}.*'

# After a launched session: rspd exited 0, said it killed the program, which is gone, and nothing
# running our private executables is left. $1 names the case.
check_launched_cleanup() {
    local name=$1 why=
    wait_exit "$SPID" || {
        why="rspd still running"
        kill -9 "$SPID"
    }
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && ! grep -q "Killing process $CHILD" "$work/log" && why="no 'Killing process' line"
    [ -z "$why" ] && ! gone "$CHILD" && why="program $CHILD left behind ($(proc_field "$CHILD" State))"
    [ -z "$why" ] && [ -n "$(private_pids)" ] && why="leftover processes: $(private_pids)"
    [ -z "$why" ] && grep -Eq 'AddressSanitizer|runtime error' "$work/log" && why="sanitizer report"
    if [ -n "$why" ]; then
        fail "$name" "$why"
        return 1
    fi
    return 0
}

# run_case NAME: start rspd --once on a fresh spin, feed the rspc script on stdin, check every reply and
# the cleanup.
run_case() {
    local name=$1
    cat >"$work/script"
    start --once :0 "$(prog spin)" || { fail "$name" "no Listening line"; return; }
    ELF_BASE=$(load_base "$CHILD" "$(prog spin)")
    sed "s/@BASE@/$ELF_BASE/g" "$work/script" | rspc
    local rc=$?
    if [ $rc != 0 ]; then
        wait_exit "$SPID" || kill -9 "$SPID"
        fail "$name" "rspc: $(tail -1 "$work/rspc.err")"
        return
    fi
    check_launched_cleanup "$name" && pass "$name"
}

t_framing() {
    local big
    big=$(head -c $((0x8001)) /dev/zero | tr '\0' A)
    {
        echo "$QSUP"
        echo '< PacketSize=8000;.*'
        echo '# a wrong checksum is refused with "-"; the same packet framed right is served'
        echo '! $?#00'
        echo '<nack'
        echo '! $?#zz'
        echo '<nack'
        echo '> ?'
        echo "< $STOPPED"
        echo '# cut short by a new "$": the decoder resynchronises on it'
        echo '! $m@BASE@,4'
        echo '> m@BASE@,4'
        echo '< 7f454c46'
        echo '! $?#3'
        echo '> ?'
        echo "< $STOPPED"
        echo '# PacketSize is 0x8000: a body of exactly that is read (unknown packet: empty reply),'
        echo '# one byte more is refused with an error, and the session goes on'
        echo "> ${big:1}"
        echo '< '
        echo "> $big"
        echo '< E[0-9a-f]{2}'
        echo '# binary garbage between packets, NUL bytes, a stray "}", unsolicited acks'
        echo '! \x01\x02\xff\xfe\x7f\x80\x00junk}}**\x03\x03+'
        echo '> m\x00,4'
        echo "< $ERR"
        echo '> X@BASE@,1:}'
        echo "< $ERR"
        echo '# "-" asks for the last reply again'
        echo '! -'
        echo "< $ERR"
        echo '> ?'
        echo "< $STOPPED"
        echo 'close'
    } >"$work/framing.rsp"
    run_case "framing: bad checksums, truncation, oversize, garbage, NULs; still serving" <"$work/framing.rsp"
}

t_arguments() {
    run_case "malformed and huge m/M/X/Z/p/P/G/qXfer/vFile arguments get errors; still serving" <<EOF
$QSUP
< PacketSize=.*
> m
< $ERR
> mzz,1
< $ERR
> m@BASE@
< $ERR
> m@BASE@,
< $ERR
> m@BASE@,4,
< $ERR
> m10000000000000000,1
< $ERR
> mffffffffffffffff,10
< $ERR
> mfffffffffffffff0,20
< $ERR
> m0,ffffffffffffffff
< $ERR
> m@BASE@,ffffffffffffffff
< ([0-9a-f]{2})+|$ERR
> Mffffffffffffffff,10:00000000000000000000000000000000
< $ERR
> M@BASE@,ffffffffffffffff:00
< $ERR
> M@BASE@,2:zz00
< $ERR
> M@BASE@,2:000
< $ERR
> Xffffffffffffffff,10:abcdefghijklmnop
< $ERR
> X@BASE@,ffffffff:
< $ERR
> X0,1:a
< $ERR
> Z0,0,0
< $ERR
> Z0,@BASE@,0
< $ERR
> Z0,@BASE@,ffffffffffffffff
< $ERR
> Z0,ffffffffffffffff,1
< $ERR
> Z9,@BASE@,1
< $ERR
> Z2,@BASE@,100
< $ERR
> Z2,fffffffffffffffc,8
< $ERR
> Z1,ffffffffffffffff,1
< $ERR
> Z0,@BASE@
< $ERR
> Z
< $ERR
> z0,@BASE@,1
< $ERR
> z4,0,0
< $ERR
> p
< $ERR
> pffffffff
< $ERR
> p10000000000000000
< $ERR
> Pffff=00
< $ERR
> P10=zz
< $ERR
> G00
< $ERR
> Gzz
< $ERR
> qXfer:features:read:target.xml:zz
< $ERR
> qXfer:features:read:../../etc/passwd:0,100
< $ERR
> qXfer:features:read:target.xml:ffffffffffffffff,ffffffffffffffff
< l|$ERR
> qXfer:auxv:read::0,ffffffffffffffff
< [ml].*
> qXfer:nonesuch:read::0,10
< $ERR
> qXfer:auxv:write::0:abc
< $ERR
> qXfer:siginfo:write::ffffffffffffffff:abc
< $ERR
> vFile:open:zz,0,0
< F-1,[0-9a-f]+
> vFile:pread:7fffffff,ffffffffffffffff,ffffffffffffffff
< F-1,[0-9a-f]+
> vFile:pwrite:-1,0,x
< F-1,[0-9a-f]+
> vFile:close:ffffffffffffffffffff
< F-1,[0-9a-f]+
> vFile:nonesuch:0
< $ERR
> qRcmd,zz
< $ERR
> QPassSignals:zz
< $ERR
> QPassSignals:ffffffffff
< $ERR
> QThreadEvents:2
< $ERR
> vCont;x
< $ERR
> vCont;c:zz
< $ERR
> vCont;c:
< $ERR
> vCont;C
< $ERR
> vCont;Cfffffffff
< $ERR
> vCont;r1,0
< $ERR
> vCont;r0,1:zz
< $ERR
> vCont;r0,1:p1.1
< $ERR
> vCont
< $ERR
> Cff
< $ERR
> ?
< $STOPPED
close
EOF
}

t_threads() {
    run_case "thread ids that do not exist: Hg/Hc/T/vCont refuse them; still serving" <<EOF
$QSUP
< PacketSize=.*
> Hgp1.1
< $ERR
> Hg7fffffff
< $ERR
> Hgp7fffffff.7fffffff
< $ERR
> Hgp80000000.1
< $ERR
> Hg-2
< $ERR
> Hcp1.1
< $ERR
> Hgpzz
< $ERR
> Tp1.1
< $ERR
> T0
< $ERR
> Tzz
< $ERR
> vCont;s:p1.1
< $ERR
> vCont;c:p7fffffff.-1
< $ERR
> vCont;c:p1.-1;c:p1.2
< $ERR
> vCont;c:p1.1;t
< $ERR
> ?
< $STOPPED
close
EOF
}

t_out_of_order() {
    run_case "out-of-order packets and packets while running are refused; \\x03 still stops; no-ack mode" <<EOF
$QSUP
< PacketSize=.*
> qsThreadInfo
< .*
> vStopped
< $ERR
> vKill;1
< $ERR
> D;1
< $ERR
> D;zz
< $ERR
> vRun;
< $ERR
> vAttach;1
< $ERR
> R00
< $ERR
> vCont;c
> g
< E[0-9a-f]{2}
> m@BASE@,4
< E[0-9a-f]{2}
> vCont;c
< E[0-9a-f]{2}
> Z0,@BASE@,1
< E[0-9a-f]{2}
! \x03
< T02.*
> ?
< T02.*
> c
! \x03\x03\x03
< T02.*
> m@BASE@,4
< 7f454c46
> QStartNoAckMode
< OK
noack
> ?
< $STOPPED
! $?#00
> ?
< $STOPPED
close
EOF
}

# gdb sends \003 right after a resume packet when Ctrl-C was pressed while it was busy; the stop
# of a short resume (a single-step) may be on its way already. As with gdbserver (whose SIGINT
# stays pending in the program), the interrupt then stops the next resume instead of being lost.
t_interrupt_between_packets() {
    run_case "a \\003 read while stopped stops the next resume with SIGINT" <<EOF
$QSUP
< PacketSize=.*
> ?
< $STOPPED
! \x03
> vCont;c
< T02.*
> ?
< T02.*
close
EOF
}

t_disconnect_mid_packet() {
    run_case "disconnect in the middle of a packet: program killed, rspd exits cleanly" <<EOF
$QSUP
< PacketSize=.*
! \$m@BASE@,4
close
EOF
}

t_disconnect_mid_checksum() {
    run_case "disconnect between '#' and the checksum: program killed, rspd exits cleanly" <<EOF
$QSUP
< PacketSize=.*
! \$?#3
close
EOF
}

t_disconnect_mid_run() {
    run_case "disconnect while running (after vCont;c): program killed, rspd exits cleanly" <<EOF
$QSUP
< PacketSize=.*
> Z0,@BASE@,1
< OK|$ERR
> z0,@BASE@,1
< OK|$ERR
> vCont;c
sleep 200
close
EOF
}

# Attached: breakpoints inserted by a hostile client must be gone when it vanishes mid-run, and
# the process must run on, untraced. spin calls tick() all the time, so an int3 left behind would
# kill it with SIGTRAP at once.
t_attached_disconnect_mid_run() {
    local name="--attach: disconnect mid-run with a breakpoint in: detached, breakpoint gone, running"
    local exe victim tick
    exe=$(prog spin)
    spawn "$exe" || { fail "$name" "spin did not start"; return; }
    victim=$VICTIM
    start --once --attach :0 "$victim" || { fail "$name" "no Listening line"; return; }
    tick=$(sym_addr "$victim" tick "$exe")
    rspc <<EOF
$QSUP
< PacketSize=.*
> ?
< T.*
> Hg0
< OK
> m$tick,1
< [0-9a-f]{2}
> Z0,$tick,1
< OK
> vCont;c
< T05.*swbreak.*
> Z9,$tick,1
< $ERR
> m$tick,1
< [0-9a-f]{2}
> vCont;c
sleep 100
close
EOF
    local rc=$? why=
    wait_exit "$SPID" || why="rspd still running"
    [ -z "$why" ] && [ $rc != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && ! grep -q "Detaching from process $victim" "$work/log" && why="no 'Detaching' line"
    # the original byte, as rspd reported it before and after the breakpoint, is what is there
    local before after
    before=$(sed -n 3p "$work/rspc.out")
    after=$(sed -n 5p "$work/rspc.out")
    [ -z "$why" ] && [ "$before" != "$after" ] && why="memory read shows the breakpoint: $before vs $after"
    sleep 0.5 # long enough for thousands of tick() calls
    [ -z "$why" ] && ! free_running "$victim" &&
        why="victim $victim not running free: state=$(proc_field "$victim" State) tracer=$(proc_field "$victim" TracerPid)"
    kill -9 "$victim" 2>/dev/null
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

# Without --once a dropped link leaves a stopped program for the next debugger (gdbserver's
# behaviour): after a hostile client vanishes mid-packet, a second client finds the same stop,
# and when it vanishes mid-run the program is killed; rspd then ends cleanly (by itself, or on
# SIGTERM).
t_reconnect_after_hostile_client() {
    local name="without --once: after a client drops mid-packet the next one finds the program, mid-run it is killed"
    start :0 "$(prog spin)" || { fail "$name" "no Listening line"; return; }
    local why= first
    printf '%s\n< PacketSize=.*\n> ?\n< T05.*thread:p([0-9a-f]+).*\n! $m0,\x00\xff}\nclose\n' "$QSUP" | rspc ||
        why="first client: $(tail -1 "$work/rspc.err")"
    first=$(sed -n 2p "$work/rspc.out")
    wait_line "$work/log" 'rspd will reopen the connection' "$SPID" || why=${why:-"no reopen line"}
    [ -z "$why" ] && [ "$(proc_field "$CHILD" State)" != t ] && why="program not held stopped: $(proc_field "$CHILD" State)"
    if [ -z "$why" ]; then
        printf '%s\n< PacketSize=.*\n> ?\n< %s\n> vCont;c\nsleep 100\nclose\n' "$QSUP" "$first" | rspc ||
            why="second client: $(tail -1 "$work/rspc.err")"
    fi
    [ -z "$why" ] && ! wait_gone "$CHILD" && why="program $CHILD not killed after the mid-run disconnect"
    kill -TERM "$SPID" 2>/dev/null # (with nothing left to debug it may have ended already)
    wait_exit "$SPID" || why=${why:-"rspd still running after SIGTERM"}
    [ -z "$why" ] && [ "$RSPD_STATUS" != 0 ] && why="rspd exit status $RSPD_STATUS"
    [ -z "$why" ] && [ -n "$(private_pids)" ] && why="leftover processes: $(private_pids)"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_framing
t_arguments
t_threads
t_out_of_order
t_interrupt_between_packets
t_disconnect_mid_packet
t_disconnect_mid_checksum
t_disconnect_mid_run
t_attached_disconnect_mid_run
t_reconnect_after_hostile_client
summary
