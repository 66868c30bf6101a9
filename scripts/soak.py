# gdb Python driver for scripts/soak (run as gdb -x scripts/soak.py, connected to rspd and
# tests/programs/soakee). For SOAK_SECONDS it picks random operations with the seed SOAK_SEED:
# breakpoint + continue (the stop must be at that function: a stop at the wrong place or none
# at all is a lost event), watchpoint + continue, stepi/next/finish, memory writes checked
# against a shadow copy of soak_buf, full reads of it, registers, thread switches and
# backtraces, while the program keeps creating and ending threads. Progress goes to
# SOAK_PROGRESS, one line per operation ("op N NAME"), "WARM" once the warm-up is over and
# "DONE ..." with the totals; then it waits for scripts/soak to create SOAK_PROGRESS.sampled
# (rspd's fd count and RSS are read while the session is still up) and kills the program.
import os
import random
import time

import gdb

SECONDS = float(os.environ.get("SOAK_SECONDS", "60"))
PROGRESS = os.environ["SOAK_PROGRESS"]
SEED = int(os.environ.get("SOAK_SEED", "1"))
WARMUP_OPS = int(os.environ.get("SOAK_WARMUP_OPS", "300"))
FUNCS = ["soak_tick", "soak_work", "soak_leaf"]

rng = random.Random(SEED)
shadow = bytearray(4096)
stats = {"ops": 0, "continues": 0, "stops_checked": 0, "mem_bytes_checked": 0, "errors": 0,
         "threads_max": 0, "threads_seen": 0, "steps": 0}
out = open(PROGRESS, "a", buffering=1)


def note(line):
    out.write(line + "\n")


def fail(msg):
    stats["errors"] += 1
    note("ERROR " + msg)


def run(cmd):
    return gdb.execute(cmd, to_string=True)


def buf_addr():
    return int(gdb.parse_and_eval("(unsigned long)&soak_buf"))


def where():
    f = gdb.selected_frame()
    return f.name() or hex(f.pc())


def cont(expect):
    """continue; the stop must be in one of EXPECT (function names)."""
    stats["continues"] += 1
    text = run("continue")
    name = where()
    if name not in expect:
        fail("continue stopped in %s, expected %s: %s" % (name, expect, text.strip()[-300:]))
    else:
        stats["stops_checked"] += 1


def op_break():
    f = rng.choice(FUNCS)
    bp = gdb.Breakpoint(f, internal=True)
    try:
        for _ in range(rng.randint(1, 3)):
            cont([f])
    finally:
        bp.delete()


def op_two_breaks():
    fs = rng.sample(FUNCS, 2)
    bps = [gdb.Breakpoint(f, internal=True) for f in fs]
    try:
        cont(fs)
    finally:
        for b in bps:
            b.delete()


def op_watch():
    w = gdb.Breakpoint("soak_counter", gdb.BP_WATCHPOINT, gdb.WP_WRITE, internal=True)
    try:
        before = int(gdb.parse_and_eval("soak_counter"))
        cont(["soak_tick"])
        after = int(gdb.parse_and_eval("soak_counter"))
        if after != before + 1:
            fail("watchpoint: soak_counter went %d -> %d" % (before, after))
    finally:
        w.delete()


def op_step():
    # Step only inside the program's own functions. A thread elsewhere (a thread switch may
    # pick one anywhere) may be about to exit, e.g. 'next' over clone3's "call *%rdx" runs the
    # whole thread: it exits and gdb 13 waits for a step that can never end (gdbserver alike;
    # gdb 14 asks for exit events with QThreadOptions). That would read as a lost stop.
    if where() not in FUNCS:
        op_break()
    for _ in range(rng.randint(1, 8)):
        run("stepi")
        stats["steps"] += 1
    if rng.random() < 0.3 and where() in FUNCS:
        run("next")
        stats["steps"] += 1


def op_finish():
    bp = gdb.Breakpoint("soak_leaf", internal=True)
    try:
        cont(["soak_leaf"])
    finally:
        bp.delete()
    run("finish")
    if where() != "soak_work":
        fail("finish from soak_leaf ended in %s" % where())


def op_mem_write():
    inf = gdb.selected_inferior()
    n = rng.randint(1, 256)
    k = rng.randrange(0, 4096 - n)
    data = bytes(rng.getrandbits(8) for _ in range(n))
    inf.write_memory(buf_addr() + k, data)
    shadow[k:k + n] = data
    back = bytes(inf.read_memory(buf_addr() + k, n))
    if back != data:
        fail("memory write at soak_buf+%d (%d bytes) read back differently" % (k, n))
    stats["mem_bytes_checked"] += n


def op_mem_read():
    back = bytes(gdb.selected_inferior().read_memory(buf_addr(), 4096))
    if back != bytes(shadow):
        bad = next(i for i in range(4096) if back[i] != shadow[i])
        fail("soak_buf differs from what was written, first at +%d" % bad)
    stats["mem_bytes_checked"] += 4096
    run("x/16xg $sp")


def op_regs():
    run("info registers")
    gdb.parse_and_eval("$xmm0")
    pc = int(gdb.parse_and_eval("$pc"))
    if pc == 0:
        fail("pc reads as 0")


def op_threads():
    threads = gdb.selected_inferior().threads()
    stats["threads_max"] = max(stats["threads_max"], len(threads))
    # gdb numbers threads in creation order: the highest number is how many were seen
    stats["threads_seen"] = max([stats["threads_seen"]] + [t.num for t in threads])
    t = rng.choice(threads)
    t.switch()
    run("bt 5")
    run("info threads")


OPS = [(op_break, 30), (op_two_breaks, 8), (op_watch, 6), (op_step, 12), (op_finish, 5),
       (op_mem_write, 15), (op_mem_read, 8), (op_regs, 8), (op_threads, 8)]
CHOICES = [f for f, w in OPS for _ in range(w)]


def main():
    run("set pagination off")
    run("set confirm off")
    run("set print thread-events off")
    end = time.time() + SECONDS
    warm = False
    while time.time() < end:
        op = rng.choice(CHOICES)
        stats["ops"] += 1
        note("op %d %s" % (stats["ops"], op.__name__))
        try:
            op()
        except gdb.error as e:
            fail("%s: %s" % (op.__name__, e))
        if not warm and stats["ops"] >= WARMUP_OPS:
            warm = True
            note("WARM")
    note("DONE " + " ".join("%s=%d" % kv for kv in sorted(stats.items())))
    sampled = PROGRESS + ".sampled"
    for _ in range(600):
        if os.path.exists(sampled):
            break
        time.sleep(0.1)
    run("kill")


main()
