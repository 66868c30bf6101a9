/* targets/swbreak over a fake memory: insertion writes the instruction and keeps the original
 * bytes, references count, reads are masked, writes under a breakpoint become its new
 * original, overlapping multi-byte instructions restore correctly, and failures change
 * nothing. Pure: no process involved. */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "targets/swbreak.h"
#include "tests/unit/suites_decl.h"

#define FAKE_BASE 0x1000u
#define FAKE_SIZE 64u

struct fake_mem {
    uint8_t bytes[FAKE_SIZE];
    int writes;
    bool read_only;
};

static ssize_t fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
    struct fake_mem *m = ctx;

    if (addr < FAKE_BASE || addr >= FAKE_BASE + FAKE_SIZE)
        return -EIO;
    if (len > FAKE_BASE + FAKE_SIZE - addr)
        len = FAKE_BASE + FAKE_SIZE - addr;
    memcpy(buf, m->bytes + (addr - FAKE_BASE), len);
    return (ssize_t)len;
}

static ssize_t fake_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
    struct fake_mem *m = ctx;

    if (m->read_only || addr < FAKE_BASE || addr >= FAKE_BASE + FAKE_SIZE)
        return -EIO;
    if (len > FAKE_BASE + FAKE_SIZE - addr)
        len = FAKE_BASE + FAKE_SIZE - addr;
    memcpy(m->bytes + (addr - FAKE_BASE), buf, len);
    m->writes++;
    return (ssize_t)len;
}

static struct fake_mem mem;
static struct swbreak_table tab;
static struct swbreak_io io = {fake_read, fake_write, &mem};
static const uint8_t int3[1] = {0xcc};
static const uint8_t brk[4] = {0x00, 0x00, 0x20, 0xd4};

static void setup(void)
{
    memset(&mem, 0, sizeof(mem));
    for (unsigned i = 0; i < FAKE_SIZE; i++)
        mem.bytes[i] = (uint8_t)(0x10 + i);
    ck_assert_int_eq(swbreak_init(&tab, int3, 1), 0);
}

static void teardown(void)
{
    swbreak_free(&tab);
}

START_TEST(test_init_rejects_empty_or_long_instruction)
{
    struct swbreak_table t2;
    uint8_t big[SWBREAK_MAX_LEN + 1] = {0};

    ck_assert_int_eq(swbreak_init(&t2, big, 0), -EINVAL);
    ck_assert_int_eq(swbreak_init(&t2, big, sizeof(big)), -EINVAL);
}
END_TEST

START_TEST(test_insert_writes_instruction_and_read_is_masked)
{
    uint8_t buf[8];

    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.bytes[4], 0xcc);
    ck_assert(swbreak_at(&tab, FAKE_BASE + 4));
    ck_assert(!swbreak_at(&tab, FAKE_BASE + 5));
    memcpy(buf, mem.bytes + 2, sizeof(buf));
    swbreak_mask(&tab, FAKE_BASE + 2, buf, sizeof(buf));
    ck_assert_int_eq(buf[2], 0x14);
    ck_assert_int_eq(buf[1], 0x13);
}
END_TEST

START_TEST(test_second_insert_is_idempotent)
{
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.writes, 1);
    ck_assert_uint_eq(tab.n, 1);
    /* One remove undoes any number of inserts (a retransmitted Z0 needs no second z0). */
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.bytes[4], 0x14);
    ck_assert(!swbreak_at(&tab, FAKE_BASE + 4));
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 4), -ENOENT);
}
END_TEST

/* A library unloaded and another loaded at the same address: the instruction is gone and the
 * bytes there are new. Inserting again writes it back and remembers the new bytes. */
START_TEST(test_insert_again_over_replaced_code_rewrites_and_saves_new_bytes)
{
    uint8_t fresh = 0x99;

    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(fake_write(&mem, FAKE_BASE + 4, &fresh, 1), 1); /* new code mapped */
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.bytes[4], 0xcc);
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.bytes[4], 0x99);
}
END_TEST

/* A vfork child shares its parent's memory: the parent's table removing a breakpoint takes the
 * instruction out from under the child's copy. Inserting it again in the child must write it
 * again (and one remove must then restore the program's byte), as gdbserver re-validates. */
START_TEST(test_insert_over_lost_instruction_writes_it_again)
{
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    mem.bytes[4] = 0x14; /* the other process's table put the program's byte back */
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.bytes[4], 0xcc);
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(mem.bytes[4], 0x14);
    ck_assert(!swbreak_at(&tab, FAKE_BASE + 4));
}
END_TEST

START_TEST(test_insert_at_unreadable_or_unwritable_address_changes_nothing)
{
    ck_assert_int_eq(swbreak_insert(&tab, &io, 0x10), -EIO);
    mem.read_only = true;
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 1), -EIO);
    ck_assert_uint_eq(tab.n, 0);
    ck_assert_int_eq(mem.bytes[1], 0x11);
}
END_TEST

START_TEST(test_unmask_keeps_breakpoint_and_records_new_original)
{
    uint8_t buf[3] = {0xa0, 0xa1, 0xa2};

    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 5), 0);
    swbreak_unmask(&tab, FAKE_BASE + 4, buf, sizeof(buf));
    ck_assert_int_eq(buf[0], 0xa0);
    ck_assert_int_eq(buf[1], 0xcc);
    ck_assert_int_eq(buf[2], 0xa2);
    ck_assert_int_eq(fake_write(&mem, FAKE_BASE + 4, buf, sizeof(buf)), 3);
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 5), 0);
    ck_assert_int_eq(mem.bytes[5], 0xa1);
}
END_TEST

START_TEST(test_remove_all_restores_every_breakpoint)
{
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 1), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 9), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 9), 0);
    ck_assert_int_eq(swbreak_remove_all(&tab, &io), 0);
    ck_assert_uint_eq(tab.n, 0);
    ck_assert_int_eq(mem.bytes[1], 0x11);
    ck_assert_int_eq(mem.bytes[9], 0x19);
}
END_TEST

START_TEST(test_forget_all_leaves_memory_alone)
{
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 1), 0);
    swbreak_forget_all(&tab);
    ck_assert_uint_eq(tab.n, 0);
    ck_assert_int_eq(mem.bytes[1], 0xcc);
}
END_TEST

START_TEST(test_overlapping_four_byte_breakpoints_restore_originals)
{
    uint8_t buf[8];

    swbreak_free(&tab);
    ck_assert_int_eq(swbreak_init(&tab, brk, 4), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 8), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 10), 0);
    memcpy(buf, mem.bytes + 8, sizeof(buf));
    swbreak_mask(&tab, FAKE_BASE + 8, buf, sizeof(buf));
    for (unsigned i = 0; i < 6; i++)
        ck_assert_int_eq(buf[i], 0x18 + i);
    /* Removing the first keeps the second's instruction in the shared bytes. */
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 8), 0);
    ck_assert_int_eq(mem.bytes[8], 0x18);
    ck_assert_int_eq(mem.bytes[9], 0x19);
    ck_assert_mem_eq(mem.bytes + 10, brk, 4);
    ck_assert_int_eq(swbreak_remove(&tab, &io, FAKE_BASE + 10), 0);
    for (unsigned i = 8; i < 14; i++)
        ck_assert_int_eq(mem.bytes[i], 0x10 + i);
}
END_TEST

START_TEST(test_breakpoint_at_top_of_address_space_is_einval)
{
    swbreak_free(&tab);
    ck_assert_int_eq(swbreak_init(&tab, brk, 4), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, UINT64_MAX - 1), -EINVAL);
}
END_TEST

START_TEST(test_lift_puts_original_back_and_lays_the_instruction_again)
{
    uint8_t seen;

    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 4), 0);
    ck_assert_int_eq(swbreak_lift(&tab, &io, FAKE_BASE + 4, true), 0);
    ck_assert_int_eq(mem.bytes[4], 0x14);
    ck_assert(swbreak_at(&tab, FAKE_BASE + 4)); /* still known, still masked */
    ck_assert_int_eq(swbreak_lift(&tab, &io, FAKE_BASE + 4, false), 0);
    ck_assert_int_eq(mem.bytes[4], 0xcc);
    seen = 0xcc;
    swbreak_mask(&tab, FAKE_BASE + 4, &seen, 1);
    ck_assert_int_eq(seen, 0x14);
    ck_assert_int_eq(swbreak_lift(&tab, &io, FAKE_BASE + 5, true), -ENOENT);
    mem.read_only = true;
    ck_assert_int_eq(swbreak_lift(&tab, &io, FAKE_BASE + 4, true), -EIO);
}
END_TEST

START_TEST(test_breakpoint_over_the_programs_own_instruction_is_permanent)
{
    mem.bytes[8] = 0xcc; /* an int3 compiled into the program */
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 8), 0);
    ck_assert_int_eq(swbreak_insert(&tab, &io, FAKE_BASE + 9), 0);
    ck_assert(swbreak_permanent(&tab, FAKE_BASE + 8));
    ck_assert(!swbreak_permanent(&tab, FAKE_BASE + 9));
    ck_assert(!swbreak_permanent(&tab, FAKE_BASE + 10)); /* no breakpoint there at all */
}
END_TEST

Suite *swbreak_suite(void)
{
    Suite *s = suite_create("swbreak");
    TCase *tc = tcase_create("table");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_init_rejects_empty_or_long_instruction);
    tcase_add_test(tc, test_insert_writes_instruction_and_read_is_masked);
    tcase_add_test(tc, test_second_insert_is_idempotent);
    tcase_add_test(tc, test_insert_again_over_replaced_code_rewrites_and_saves_new_bytes);
    tcase_add_test(tc, test_insert_at_unreadable_or_unwritable_address_changes_nothing);
    tcase_add_test(tc, test_insert_over_lost_instruction_writes_it_again);
    tcase_add_test(tc, test_unmask_keeps_breakpoint_and_records_new_original);
    tcase_add_test(tc, test_remove_all_restores_every_breakpoint);
    tcase_add_test(tc, test_forget_all_leaves_memory_alone);
    tcase_add_test(tc, test_overlapping_four_byte_breakpoints_restore_originals);
    tcase_add_test(tc, test_breakpoint_at_top_of_address_space_is_einval);
    tcase_add_test(tc, test_lift_puts_original_back_and_lays_the_instruction_again);
    tcase_add_test(tc, test_breakpoint_over_the_programs_own_instruction_is_permanent);
    suite_add_tcase(s, tc);
    return s;
}
