#!/usr/bin/env bash
# One whole gdb session (breakpoints, stepping, watchpoints, an inferior call, registers,
# memory, kill) with rspd running under valgrind memcheck: any memory error or leak in rspd
# fails the test. Environment: RSPD, PROGS (as for tests/integration/run).
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
RSPD=$(realpath "${RSPD:-$root/build/rspd}")
PROGS=$(realpath "${PROGS:-$root/build/tests/programs}")
work=$(mktemp -d /tmp/rspd-valgrind.XXXXXX)
trap 'rm -rf "$work"' EXIT

vg="valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
--errors-for-leak-kinds=definite,indirect --track-fds=no --log-file=$work/vg.log"
timeout 180 gdb -q -n -batch -nx -ex 'set pagination off' -ex 'set confirm off' \
    -ex "target remote | $vg $RSPD - $PROGS/break" \
    -ex 'break writes' -ex 'continue' -ex 'watch watched' -ex 'continue' -ex 'continue' \
    -ex 'delete' -ex 'break square' -ex 'continue' -ex 'bt' -ex 'info registers rip' \
    -ex 'p $ymm0' -ex 'x/4xw $sp' -ex 'stepi' -ex 'finish' -ex 'delete' -ex 'p square(3)' \
    -ex 'next' -ex 'kill' "$PROGS/break" >"$work/gdb.log" 2>&1
gdb_rc=$?
# valgrind writes its report when rspd exits, which follows gdb's kill and disconnect.
for _ in $(seq 150); do pgrep -f "^valgrind .*$RSPD" >/dev/null || break; sleep 0.2; done
fail=0
grep -q 'Breakpoint 3, square' "$work/gdb.log" || fail=1
grep -q '^\$[0-9]* = 9' "$work/gdb.log" || fail=1
grep -q 'Hardware watchpoint' "$work/gdb.log" || fail=1
# Every valgrind process that ran rspd ends its log with a summary; it must say 0 errors (leaks
# of the kinds above count as errors), and there must be at least one.
if ! grep -q 'ERROR SUMMARY: 0 errors' "$work/vg.log" || grep -q 'ERROR SUMMARY: [1-9]' "$work/vg.log"; then
    echo "valgrind reported:"
    sed 's/^/    | /' "$work/vg.log" | head -60
    fail=1
fi
if [ $fail = 0 ] && [ $gdb_rc = 0 ]; then
    echo "PASS  valgrind: a whole gdb session with rspd under memcheck: no errors, no leaks"
    echo "1 passed, 0 failed"
    exit 0
fi
echo "FAIL  valgrind: gdb rc=$gdb_rc"
sed 's/^/    | /' "$work/gdb.log" | tail -30
echo "0 passed, 1 failed"
exit 1
