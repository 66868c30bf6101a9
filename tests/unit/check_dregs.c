/* Unit tests for arch/x86/dregs: DR7 encoding of every kind and length, slot exhaustion with
 * nothing taken, sharing by identical requests, splitting unaligned ranges into aligned
 * pieces, removal, and DR6 hit decoding. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86/dregs.h"
#include "tests/unit/suites_decl.h"

#define L0 0x01ull
#define L1 0x04ull
#define L2 0x10ull
#define L3 0x40ull
/* Slot I's 4-bit R/W + LEN field placed in DR7. */
#define CTRL(i, v) ((uint64_t)(v) << (16 + 4 * (i)))

static void assert_same(const struct x86_dregs *a, const struct x86_dregs *b)
{
    ck_assert_uint_eq(a->dr7, b->dr7);
    for (int i = 0; i < X86_DR_SLOTS; i++) {
        ck_assert_uint_eq(a->addr[i], b->addr[i]);
        ck_assert_uint_eq(a->refs[i], b->refs[i]);
    }
}

static void assert_empty(const struct x86_dregs *s)
{
    const struct x86_dregs zero = {0};

    assert_same(s, &zero);
}

/* One request into an empty set: slot 0, DR7 = L0 | R/W and LEN bits. */
static const struct {
    enum point_kind kind;
    uint64_t addr;
    size_t len;
    uint64_t dr7;
} encodings[] = {
    {PT_HW_BREAK, 0x401000, 1, L0 | CTRL(0, 0x0)},
    {PT_HW_BREAK, 0x401003, 4, L0 | CTRL(0, 0x0)}, /* exec is always LEN 00 */
    {PT_WATCH_W, 0x1000, 1, L0 | CTRL(0, 0x1)},    /* RW 01, LEN 00 */
    {PT_WATCH_W, 0x1000, 2, L0 | CTRL(0, 0x5)},    /* RW 01, LEN 01 */
    {PT_WATCH_W, 0x1000, 4, L0 | CTRL(0, 0xd)},    /* RW 01, LEN 11 */
    {PT_WATCH_W, 0x1000, 8, L0 | CTRL(0, 0x9)},    /* RW 01, LEN 10 */
    {PT_WATCH_R, 0x1000, 1, L0 | CTRL(0, 0x3)},    /* read is programmed as RW 11 */
    {PT_WATCH_R, 0x1000, 2, L0 | CTRL(0, 0x7)},
    {PT_WATCH_R, 0x1000, 4, L0 | CTRL(0, 0xf)},
    {PT_WATCH_R, 0x1000, 8, L0 | CTRL(0, 0xb)},
    {PT_WATCH_A, 0x1000, 1, L0 | CTRL(0, 0x3)},
    {PT_WATCH_A, 0x1000, 2, L0 | CTRL(0, 0x7)},
    {PT_WATCH_A, 0x1000, 4, L0 | CTRL(0, 0xf)},
    {PT_WATCH_A, 0x1000, 8, L0 | CTRL(0, 0xb)},
};

START_TEST(test_dr7_encoding_for_each_kind_and_len)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(
        x86_dregs_insert(&s, encodings[_i].kind, encodings[_i].addr, encodings[_i].len), 0);
    ck_assert_uint_eq(s.dr7, encodings[_i].dr7);
    ck_assert_uint_eq(s.addr[0], encodings[_i].addr);
    ck_assert_uint_eq(s.refs[0], 1);
    for (int i = 1; i < X86_DR_SLOTS; i++)
        ck_assert_uint_eq(s.refs[i], 0);
    ck_assert_int_eq(
        x86_dregs_remove(&s, encodings[_i].kind, encodings[_i].addr, encodings[_i].len), 0);
    assert_empty(&s);
}
END_TEST

START_TEST(test_dr7_fields_per_slot)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_HW_BREAK, 0x100, 1), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x200, 4), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_A, 0x300, 8), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x402, 2), 0);
    ck_assert_uint_eq(s.dr7, L0 | L1 | L2 | L3 | CTRL(0, 0x0) | CTRL(1, 0xd) | CTRL(2, 0xb) |
                                 CTRL(3, 0x5));
    ck_assert_uint_eq(s.dr7, 0x5bd00055);
    ck_assert_uint_eq(s.addr[0], 0x100);
    ck_assert_uint_eq(s.addr[1], 0x200);
    ck_assert_uint_eq(s.addr[2], 0x300);
    ck_assert_uint_eq(s.addr[3], 0x402);
}
END_TEST

START_TEST(test_fifth_request_enospc_takes_nothing)
{
    struct x86_dregs s = {0};
    struct x86_dregs before;

    for (int i = 0; i < X86_DR_SLOTS; i++)
        ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000 + 8 * (uint64_t)i, 8), 0);
    before = s;
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x2000, 8), -ENOSPC);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_HW_BREAK, 0x401000, 1), -ENOSPC);
    assert_same(&s, &before);
}
END_TEST

START_TEST(test_split_needing_more_slots_than_free_takes_nothing)
{
    struct x86_dregs s = {0};
    struct x86_dregs before;

    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x5000, 4), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x6000, 4), 0);
    before = s;
    /* 8 bytes at 0x1003 needs four pieces; two slots are free. */
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1003, 8), -ENOSPC);
    assert_same(&s, &before);
    /* 3 bytes at 0x1001 needs two: that fits. */
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1001, 3), 0);
    ck_assert_uint_eq(s.addr[2], 0x1001);
    ck_assert_uint_eq(s.addr[3], 0x1002);
}
END_TEST

START_TEST(test_identical_requests_share_one_slot)
{
    struct x86_dregs s = {0};
    uint64_t dr7;

    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 4), 0);
    dr7 = s.dr7;
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 4), 0);
    ck_assert_uint_eq(s.refs[0], 2);
    ck_assert_uint_eq(s.refs[1], 0);
    ck_assert_uint_eq(s.dr7, dr7);
    /* The first remove keeps the slot armed for the other user. */
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1000, 4), 0);
    ck_assert_uint_eq(s.refs[0], 1);
    ck_assert_uint_eq(s.dr7, dr7);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1000, 4), 0);
    assert_empty(&s);
}
END_TEST

START_TEST(test_read_and_access_watch_share_rw_slot)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_R, 0x1000, 4), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_A, 0x1000, 4), 0);
    ck_assert_uint_eq(s.refs[0], 2);
    ck_assert_uint_eq(s.refs[1], 0);
    ck_assert_uint_eq(s.dr7, L0 | CTRL(0, 0xf));
}
END_TEST

START_TEST(test_different_kind_or_len_does_not_share)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 4), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_A, 0x1000, 4), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 2), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_HW_BREAK, 0x1000, 1), 0);
    for (int i = 0; i < X86_DR_SLOTS; i++) {
        ck_assert_uint_eq(s.refs[i], 1);
        ck_assert_uint_eq(s.addr[i], 0x1000);
    }
    ck_assert_uint_eq(s.dr7, L0 | L1 | L2 | L3 | CTRL(0, 0xd) | CTRL(1, 0xf) | CTRL(2, 0x5) |
                                 CTRL(3, 0x0));
}
END_TEST

START_TEST(test_unaligned_8_bytes_at_0x1003_split_in_four)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1003, 8), 0);
    ck_assert_uint_eq(s.addr[0], 0x1003); /* 1 byte */
    ck_assert_uint_eq(s.addr[1], 0x1004); /* 4 bytes */
    ck_assert_uint_eq(s.addr[2], 0x1008); /* 2 bytes */
    ck_assert_uint_eq(s.addr[3], 0x100a); /* 1 byte */
    ck_assert_uint_eq(s.dr7, L0 | L1 | L2 | L3 | CTRL(0, 0x1) | CTRL(1, 0xd) | CTRL(2, 0x5) |
                                 CTRL(3, 0x1));
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1003, 8), 0);
    assert_empty(&s);
}
END_TEST

START_TEST(test_long_aligned_range_split_in_8_byte_pieces)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_A, 0x3000, 16), 0);
    ck_assert_uint_eq(s.addr[0], 0x3000);
    ck_assert_uint_eq(s.addr[1], 0x3008);
    ck_assert_uint_eq(s.dr7, L0 | L1 | CTRL(0, 0xb) | CTRL(1, 0xb));
    /* 6 bytes at 0x2002: 2 @0x2002, 4 @0x2004. */
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x2002, 6), 0);
    ck_assert_uint_eq(s.addr[2], 0x2002);
    ck_assert_uint_eq(s.addr[3], 0x2004);
    ck_assert_uint_eq(s.dr7 >> 24, 0xd5);
    /* 40 bytes cannot fit in four 8-byte slots. */
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_A, 0x3000, 16), 0);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x2002, 6), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x4000, 40), -ENOSPC);
    assert_empty(&s);
}
END_TEST

START_TEST(test_remove_restores_other_slots)
{
    struct x86_dregs s = {0};
    struct x86_dregs one = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_HW_BREAK, 0x401000, 1), 0);
    one = s;
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1003, 2), 0);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1003, 2), 0);
    assert_same(&s, &one);
    /* A freed slot is reused. */
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_R, 0x2000, 8), 0);
    ck_assert_uint_eq(s.addr[1], 0x2000);
    ck_assert_uint_eq(s.dr7, L0 | L1 | CTRL(1, 0xb));
}
END_TEST

START_TEST(test_remove_unknown_enoent_changes_nothing)
{
    struct x86_dregs s = {0};
    struct x86_dregs before;

    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1000, 4), -ENOENT);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1004, 4), 0);
    before = s;
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1000, 4), -ENOENT);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_A, 0x1004, 4), -ENOENT);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1004, 2), -ENOENT);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_HW_BREAK, 0x1004, 1), -ENOENT);
    /* 0x1003+5 splits into 1 @0x1003 (absent) and 4 @0x1004 (present): nothing released. */
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_W, 0x1003, 5), -ENOENT);
    assert_same(&s, &before);
}
END_TEST

START_TEST(test_bad_requests_einval)
{
    struct x86_dregs s = {0};

    ck_assert_int_eq(x86_dregs_insert(&s, PT_SW_BREAK, 0x1000, 1), -EINVAL);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 0), -EINVAL);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, UINT64_MAX - 2, 8), -EINVAL);
    ck_assert_int_eq(x86_dregs_insert(&s, (enum point_kind)7, 0x1000, 1), -EINVAL);
    ck_assert_int_eq(x86_dregs_remove(&s, PT_SW_BREAK, 0x1000, 1), -EINVAL);
    assert_empty(&s);
    /* The very last byte of the address space is fine. */
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, UINT64_MAX - 7, 8), 0);
    ck_assert_uint_eq(s.addr[0], UINT64_MAX - 7);
}
END_TEST

START_TEST(test_hit_decodes_dr6_slot_kind_and_addr)
{
    struct x86_dregs s = {0};
    enum point_kind kind = PT_SW_BREAK;
    uint64_t addr = 0;

    ck_assert_int_eq(x86_dregs_insert(&s, PT_HW_BREAK, 0x401000, 1), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 4), 0);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_R, 0x2000, 8), 0);

    ck_assert_int_eq(x86_dregs_hit(&s, 1u << 1, &kind, &addr), 1);
    ck_assert_int_eq(kind, PT_WATCH_W);
    ck_assert_uint_eq(addr, 0x1000);
    ck_assert_int_eq(x86_dregs_hit(&s, 1u << 0, &kind, &addr), 0);
    ck_assert_int_eq(kind, PT_HW_BREAK);
    ck_assert_uint_eq(addr, 0x401000);
    /* A read watch is an RW slot: it reports as an access watch. */
    ck_assert_int_eq(x86_dregs_hit(&s, (1u << 2) | X86_DR6_BS, &kind, &addr), 2);
    ck_assert_int_eq(kind, PT_WATCH_A);
    ck_assert_uint_eq(addr, 0x2000);
    ck_assert_int_eq(x86_dregs_hit(&s, 1u << 2, NULL, NULL), 2);
}
END_TEST

START_TEST(test_hit_ignores_unarmed_slots_and_single_step)
{
    struct x86_dregs s = {0};
    enum point_kind kind = PT_SW_BREAK;
    uint64_t addr = 0x1234;

    ck_assert_int_eq(x86_dregs_hit(&s, 0xf, &kind, &addr), -1);
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_W, 0x1000, 4), 0);
    ck_assert_int_eq(x86_dregs_hit(&s, 0, &kind, &addr), -1);
    ck_assert_int_eq(x86_dregs_hit(&s, X86_DR6_BS, &kind, &addr), -1);
    ck_assert_int_eq(x86_dregs_hit(&s, 1u << 3, &kind, &addr), -1);
    /* Outputs are written only on a hit. */
    ck_assert_int_eq(kind, PT_SW_BREAK);
    ck_assert_uint_eq(addr, 0x1234);
    /* B3 and B0 both set: the armed slot 0 is the hit. */
    ck_assert_int_eq(x86_dregs_hit(&s, (1u << 3) | 1u, &kind, &addr), 0);
    ck_assert_uint_eq(addr, 0x1000);
}
END_TEST

START_TEST(test_any_watch_only_for_data_slots)
{
    struct x86_dregs s = {0};

    ck_assert(!x86_dregs_any_watch(&s));
    ck_assert_int_eq(x86_dregs_insert(&s, PT_HW_BREAK, 0x401000, 1), 0);
    ck_assert(!x86_dregs_any_watch(&s));
    ck_assert_int_eq(x86_dregs_insert(&s, PT_WATCH_R, 0x1000, 1), 0);
    ck_assert(x86_dregs_any_watch(&s));
    ck_assert_int_eq(x86_dregs_remove(&s, PT_WATCH_R, 0x1000, 1), 0);
    ck_assert(!x86_dregs_any_watch(&s));
}
END_TEST

Suite *dregs_suite(void)
{
    Suite *s = suite_create("dregs");
    TCase *enc = tcase_create("encoding");
    TCase *slots = tcase_create("slots");
    TCase *hit = tcase_create("hit");

    tcase_add_loop_test(enc, test_dr7_encoding_for_each_kind_and_len, 0,
                        (int)(sizeof(encodings) / sizeof(encodings[0])));
    tcase_add_test(enc, test_dr7_fields_per_slot);
    suite_add_tcase(s, enc);

    tcase_add_test(slots, test_fifth_request_enospc_takes_nothing);
    tcase_add_test(slots, test_split_needing_more_slots_than_free_takes_nothing);
    tcase_add_test(slots, test_identical_requests_share_one_slot);
    tcase_add_test(slots, test_read_and_access_watch_share_rw_slot);
    tcase_add_test(slots, test_different_kind_or_len_does_not_share);
    tcase_add_test(slots, test_unaligned_8_bytes_at_0x1003_split_in_four);
    tcase_add_test(slots, test_long_aligned_range_split_in_8_byte_pieces);
    tcase_add_test(slots, test_remove_restores_other_slots);
    tcase_add_test(slots, test_remove_unknown_enoent_changes_nothing);
    tcase_add_test(slots, test_bad_requests_einval);
    suite_add_tcase(s, slots);

    tcase_add_test(hit, test_hit_decodes_dr6_slot_kind_and_addr);
    tcase_add_test(hit, test_hit_ignores_unarmed_slots_and_single_step);
    tcase_add_test(hit, test_any_watch_only_for_data_slots);
    suite_add_tcase(s, hit);
    return s;
}
