#!/usr/bin/env bash
# Range stepping (vCont;r) at the byte level with rspc: vCont? offers r; one vCont;r over a
# function that loops 1000 times is answered by exactly one stop reply (the next packet read is
# the memory reply that shows every turn ran); a software breakpoint inside the range stops the
# thread on it (PC there, one turn done), and stepping on from there goes on as gdb does it.
# The debuggee is tests/programs/rangeloop.c. Proven on GNU gdbserver: RSPD=/usr/bin/gdbserver
# passes it too. Environment: RSPD, PROGS, TOOLS (as for tests/integration/run). Prints
# PASS/FAIL per case and "N passed, M failed"; exits 1 on any failure.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

QSUP='> qSupported:multiprocess+;swbreak+;hwbreak+;vContSupported+;no-resumed+'

# The 8 bytes of little-endian value $1 (hex) as hex, as 'm' and expedited registers show it.
le64() {
    local v
    v=$(printf '%016x' "0x$1")
    echo "${v:14:2}${v:12:2}${v:10:2}${v:8:2}${v:6:2}${v:4:2}${v:2:2}${v:0:2}"
}

t_range() {
    local name="vCont;r: one stop reply for a loop of steps, and a stop at a breakpoint inside it"
    local why= exe h count size end mid turns
    exe=$(prog rangeloop)
    start --once :0 "$exe" || { fail "$name" "no Listening line"; return; }
    h=$(printf '%x' "$CHILD")
    count=$(sym_addr "$CHILD" count "$exe")
    mid=$(sym_addr "$CHILD" count_mid "$exe")
    turns=$(sym_addr "$CHILD" turns "$exe")
    size=$(nm -S "$exe" | awk '$4 == "count" {print $2; exit}')
    end=$(printf '%x' $((0x$count + 0x$size)))
    rspc <<EOF
$QSUP
< PacketSize=[0-9a-f]+;.*
> vCont?
< vCont(;[cCsSt])*;r(;[cCsSt])*
> Hgp$h.$h
< OK
> Z0,$count,1
< OK
> vCont;c
< T05.*thread:p$h\.$h;.*
> z0,$count,1
< OK
# a breakpoint inside the range: the step onto it is the stop, after one turn of the loop
> Z0,$mid,1
< OK
> vCont;r$count,$end:p$h.$h;c
< T05.*10:$(le64 "$mid");.*thread:p$h\.$h;.*
> m$turns,8
< $(le64 1)
# stepped over as gdb does it (out, one step, back in), the range step stops there a turn later
> z0,$mid,1
< OK
> vCont;s:p$h.$h;c
< T05.*thread:p$h\.$h;.*
> Z0,$mid,1
< OK
> vCont;r$count,$end:p$h.$h;c
< T05.*10:$(le64 "$mid");.*thread:p$h\.$h;.*
> m$turns,8
< $(le64 2)
# without it, the rest of the 1000 turns is one vCont;r and one stop reply: the very next
# packet is the memory reply
> z0,$mid,1
< OK
> vCont;r$count,$end:p$h.$h;c
< T05.*thread:p$h\.$h;.*
> m$turns,8
< $(le64 3e8)
> vCont;c
< W0+(;.*)?
EOF
    [ $? != 0 ] && why="rspc: $(tail -1 "$work/rspc.err")"
    wait_exit "$SPID" || why=${why:-"server still running"}
    [ -z "$why" ] && ! gone "$CHILD" && why="program $CHILD left behind"
    [ -n "$why" ] && fail "$name" "$why" || pass "$name"
}

t_range
summary
