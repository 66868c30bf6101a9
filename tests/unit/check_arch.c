/* Unit tests for arch/: every descriptor's register table is self-consistent (contiguous
 * offsets, sizes summing to raw_size, roles, lookups), x86-64 wire numbering matches
 * gdbserver's amd64-linux target.xml, and arch_tdesc_xml emits what the mask says. */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"
#include "tests/unit/suites_decl.h"

#define ALL_MASK UINT64_MAX
/* This machine's XCR0 (x87, SSE, AVX, AVX-512; no PKRU) plus the Linux OS bits. */
#define X86_64_LINUX_AVX512                                                                        \
    (X86_64_FEAT_X87 | X86_64_FEAT_SSE | X86_64_FEAT_AVX | X86_64_FEAT_AVX512 |                    \
     X86_64_FEAT_LINUX | X86_64_FEAT_SEGMENTS)
#define X86_64_LINUX_AVX                                                                           \
    (X86_64_FEAT_X87 | X86_64_FEAT_SSE | X86_64_FEAT_AVX | X86_64_FEAT_LINUX | X86_64_FEAT_SEGMENTS)
#define X86_64_LINUX_SSE                                                                           \
    (X86_64_FEAT_X87 | X86_64_FEAT_SSE | X86_64_FEAT_LINUX | X86_64_FEAT_SEGMENTS)

static char xml[65536];

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    size_t len = strlen(needle);

    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + len, needle))
        n++;
    return n;
}

static size_t arch_count(void)
{
    size_t n = 0;

    while (arch_nth(n) != NULL)
        n++;
    return n;
}

static int wire_of(const struct arch_desc *a, uint64_t mask, const char *name)
{
    int i = arch_reg_by_name(a, name);

    ck_assert_msg(i >= 0, "no register %s", name);
    return arch_reg_wire(a, mask, (size_t)i);
}

/* ---- every descriptor (loop tests over arch_nth) ---- */

START_TEST(test_offsets_contiguous_and_sum_to_raw_size)
{
    const struct arch_desc *a = arch_nth((size_t)_i);
    size_t next = 0;

    ck_assert_uint_gt(a->nregs, 0);
    for (size_t i = 0; i < a->nregs; i++) {
        const struct reg_desc *r = &a->regs[i];

        ck_assert_msg(r->bits > 0 && r->bits % 8 == 0, "%s: %s has %u bits", a->name, r->name,
                      (unsigned)r->bits);
        ck_assert_msg(r->offset == next, "%s: %s at offset %u, expected %zu", a->name, r->name,
                      (unsigned)r->offset, next);
        next += r->bits / 8u;
    }
    ck_assert_uint_eq(next, a->raw_size);
}
END_TEST

START_TEST(test_regs_grouped_by_feature_in_feature_order)
{
    const struct arch_desc *a = arch_nth((size_t)_i);

    for (size_t i = 0; i < a->nregs; i++) {
        ck_assert_uint_lt(a->regs[i].feature, a->nfeatures);
        if (i > 0)
            ck_assert_msg(a->regs[i].feature >= a->regs[i - 1].feature,
                          "%s: %s goes back to an earlier feature", a->name, a->regs[i].name);
    }
    /* Every feature holds at least one register. */
    for (size_t f = 0; f < a->nfeatures; f++) {
        bool used = false;

        for (size_t i = 0; i < a->nregs; i++)
            used = used || a->regs[i].feature == f;
        ck_assert_msg(used, "%s: feature %s is empty", a->name, a->features[f].name);
        ck_assert_ptr_nonnull(a->features[f].types);
    }
}
END_TEST

START_TEST(test_names_unique_and_found_by_name)
{
    const struct arch_desc *a = arch_nth((size_t)_i);

    for (size_t i = 0; i < a->nregs; i++)
        ck_assert_int_eq(arch_reg_by_name(a, a->regs[i].name), (int)i);
    ck_assert_int_eq(arch_reg_by_name(a, "no_such_register"), -1);
    ck_assert_int_eq(arch_reg_by_name(a, NULL), -1);
}
END_TEST

START_TEST(test_pc_and_sp_roles_found)
{
    const struct arch_desc *a = arch_nth((size_t)_i);
    int pc = arch_reg_role(a, ROLE_PC);
    int sp = arch_reg_role(a, ROLE_SP);

    ck_assert_int_ge(pc, 0);
    ck_assert_int_ge(sp, 0);
    ck_assert_int_ne(pc, sp);
    ck_assert_int_eq(arch_reg_role(a, ROLE_NONE), -1);
}
END_TEST

START_TEST(test_found_by_own_elf_pair_and_name)
{
    const struct arch_desc *a = arch_nth((size_t)_i);

    ck_assert_ptr_eq(arch_find_elf(a->elf_machine, a->elf_class), a);
    ck_assert_ptr_eq(arch_find_name(a->name), a);
    ck_assert_ptr_nonnull(a->break_insn);
    ck_assert_uint_gt(a->break_len, 0);
}
END_TEST

START_TEST(test_full_mask_numbers_every_register_in_table_order)
{
    const struct arch_desc *a = arch_nth((size_t)_i);

    for (size_t i = 0; i < a->nregs; i++) {
        ck_assert(arch_reg_present(a, i, ALL_MASK));
        ck_assert_int_eq(arch_reg_wire(a, ALL_MASK, i), (int)i);
        ck_assert_int_eq(arch_reg_by_wire(a, ALL_MASK, i), (int)i);
    }
    ck_assert_int_eq(arch_reg_by_wire(a, ALL_MASK, a->nregs), -1);
    ck_assert_uint_eq(arch_wire_size(a, ALL_MASK), a->raw_size);
}
END_TEST

START_TEST(test_by_wire_and_wire_are_inverse_under_zero_mask)
{
    const struct arch_desc *a = arch_nth((size_t)_i);
    size_t present = 0;
    size_t bytes = 0;

    for (size_t i = 0; i < a->nregs; i++) {
        int w = arch_reg_wire(a, 0, i);

        if (!arch_reg_present(a, i, 0)) {
            ck_assert_int_eq(w, -1);
            continue;
        }
        ck_assert_int_eq(w, (int)present);
        ck_assert_int_eq(arch_reg_by_wire(a, 0, (uint64_t)w), (int)i);
        present++;
        bytes += a->regs[i].bits / 8u;
    }
    ck_assert_uint_gt(present, 0);
    ck_assert_int_eq(arch_reg_by_wire(a, 0, present), -1);
    ck_assert_uint_eq(arch_wire_size(a, 0), bytes);
}
END_TEST

START_TEST(test_tdesc_xml_full_mask_has_every_feature_once_and_every_regnum)
{
    const struct arch_desc *a = arch_nth((size_t)_i);
    ssize_t n = arch_tdesc_xml(a, ALL_MASK, NULL, xml, sizeof(xml));
    char want[256];

    ck_assert_int_gt(n, 0);
    ck_assert_uint_eq(strlen(xml), (size_t)n);
    ck_assert_uint_eq(count_of(xml, "<reg "), a->nregs);
    for (size_t f = 0; f < a->nfeatures; f++) {
        snprintf(want, sizeof(want), "<feature name=\"%s\">", a->features[f].name);
        ck_assert_uint_eq(count_of(xml, want), 1);
    }
    for (size_t i = 0; i < a->nregs; i++) {
        snprintf(want, sizeof(want), "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%zu\"",
                 a->regs[i].name, (unsigned)a->regs[i].bits, a->regs[i].type, i);
        ck_assert_msg(count_of(xml, want) == 1, "missing: %s", want);
    }
}
END_TEST

/* ---- x86-64 ---- */

START_TEST(test_x86_64_found_by_elf_machine_62_class_64)
{
    ck_assert_ptr_eq(arch_find_elf(62, 2), &arch_x86_64);
    ck_assert_ptr_null(arch_find_elf(0, 2));
    ck_assert_ptr_null(arch_find_elf(62, 0));
    ck_assert_ptr_eq(arch_find_name("i386:x86-64"), &arch_x86_64);
    ck_assert_ptr_null(arch_find_name("i386:x86-64:extra"));
    ck_assert_ptr_null(arch_find_name(NULL));
}
END_TEST

START_TEST(test_x86_64_breakpoint_is_int3_pc_after_1)
{
    ck_assert_uint_eq(arch_x86_64.break_len, 1);
    ck_assert_uint_eq(arch_x86_64.break_insn[0], 0xcc);
    ck_assert_uint_eq(arch_x86_64.pc_after_break, 1);
}
END_TEST

START_TEST(test_x86_64_reg_enum_matches_table_names)
{
    static const struct {
        int idx;
        const char *name;
    } rows[] = {
        {X86_64_REG_RAX, "rax"},
        {X86_64_REG_RBP, "rbp"},
        {X86_64_REG_RSP, "rsp"},
        {X86_64_REG_R8, "r8"},
        {X86_64_REG_RIP, "rip"},
        {X86_64_REG_EFLAGS, "eflags"},
        {X86_64_REG_CS, "cs"},
        {X86_64_REG_GS, "gs"},
        {X86_64_REG_ST0, "st0"},
        {X86_64_REG_FCTRL, "fctrl"},
        {X86_64_REG_XMM0, "xmm0"},
        {X86_64_REG_MXCSR, "mxcsr"},
        {X86_64_REG_ORIG_RAX, "orig_rax"},
        {X86_64_REG_FS_BASE, "fs_base"},
        {X86_64_REG_GS_BASE, "gs_base"},
        {X86_64_REG_YMM0H, "ymm0h"},
        {X86_64_REG_XMM16, "xmm16"},
        {X86_64_REG_YMM16H, "ymm16h"},
        {X86_64_REG_K0, "k0"},
        {X86_64_REG_ZMM0H, "zmm0h"},
        {X86_64_REG_PKRU, "pkru"},
    };

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        ck_assert_str_eq(arch_x86_64.regs[rows[i].idx].name, rows[i].name);
    ck_assert_uint_eq(arch_x86_64.nregs, X86_64_REG_COUNT);
    ck_assert_uint_eq(arch_x86_64.nfeatures, X86_64_TDESC_COUNT);
}
END_TEST

/* Numbers from gdbserver's amd64-linux target.xml on an AVX-512 machine (pkru follows). */
START_TEST(test_x86_64_full_mask_wire_numbers_match_gdbserver)
{
    static const struct {
        const char *name;
        int wire;
    } rows[] = {
        {"rax", 0},     {"rbx", 1},       {"rbp", 6},      {"rsp", 7},      {"r15", 15},
        {"rip", 16},    {"eflags", 17},   {"cs", 18},      {"gs", 23},      {"st0", 24},
        {"st7", 31},    {"fctrl", 32},    {"fop", 39},     {"xmm0", 40},    {"xmm15", 55},
        {"mxcsr", 56},  {"orig_rax", 57}, {"fs_base", 58}, {"gs_base", 59}, {"ymm0h", 60},
        {"ymm15h", 75}, {"xmm16", 76},    {"xmm31", 91},   {"ymm16h", 92},  {"ymm31h", 107},
        {"k0", 108},    {"k7", 115},      {"zmm0h", 116},  {"zmm31h", 147}, {"pkru", 148},
    };

    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        ck_assert_msg(wire_of(&arch_x86_64, X86_64_FEAT_ALL, rows[i].name) == rows[i].wire,
                      "%s: want %d", rows[i].name, rows[i].wire);
        ck_assert_int_eq(wire_of(&arch_x86_64, X86_64_LINUX_AVX512, rows[i].name),
                         strcmp(rows[i].name, "pkru") == 0 ? -1 : rows[i].wire);
    }
    ck_assert_int_eq(arch_reg_by_wire(&arch_x86_64, X86_64_FEAT_ALL, 149), -1);
    ck_assert_int_eq(arch_reg_by_wire(&arch_x86_64, X86_64_LINUX_AVX512, 148), -1);
}
END_TEST

START_TEST(test_x86_64_without_avx_stops_after_gs_base)
{
    const struct arch_desc *a = &arch_x86_64;

    ck_assert_int_eq(wire_of(a, X86_64_LINUX_SSE, "orig_rax"), 57);
    ck_assert_int_eq(wire_of(a, X86_64_LINUX_SSE, "fs_base"), 58);
    ck_assert_int_eq(wire_of(a, X86_64_LINUX_SSE, "gs_base"), 59);
    ck_assert_int_eq(wire_of(a, X86_64_LINUX_SSE, "ymm0h"), -1);
    ck_assert_int_eq(wire_of(a, X86_64_LINUX_SSE, "k0"), -1);
    ck_assert_int_eq(arch_reg_by_wire(a, X86_64_LINUX_SSE, 59), X86_64_REG_GS_BASE);
    ck_assert_int_eq(arch_reg_by_wire(a, X86_64_LINUX_SSE, 60), -1);
    ck_assert_int_eq(arch_reg_by_wire(a, X86_64_LINUX_SSE, UINT64_MAX), -1);
}
END_TEST

START_TEST(test_x86_64_absent_features_shift_later_numbers_down)
{
    const struct arch_desc *a = &arch_x86_64;
    uint64_t no_os = X86_64_FEAT_X87 | X86_64_FEAT_SSE | X86_64_FEAT_AVX;

    /* Without the OS bits, ymm0h follows mxcsr directly. */
    ck_assert_int_eq(wire_of(a, no_os, "orig_rax"), -1);
    ck_assert_int_eq(wire_of(a, no_os, "fs_base"), -1);
    ck_assert_int_eq(wire_of(a, no_os, "ymm0h"), 57);
    /* Segments without Linux: fs_base takes orig_rax's number. */
    ck_assert_int_eq(wire_of(a, no_os | X86_64_FEAT_SEGMENTS, "fs_base"), 57);
    /* AVX without AVX-512, with PKRU: pkru follows ymm15h. */
    ck_assert_int_eq(wire_of(a, X86_64_LINUX_AVX | X86_64_FEAT_PKRU, "pkru"), 76);
}
END_TEST

START_TEST(test_x86_64_avx512_needs_all_three_xcr0_bits)
{
    const struct arch_desc *a = &arch_x86_64;
    uint64_t partial[] = {
        X86_64_LINUX_AVX | X86_64_FEAT_OPMASK | X86_64_FEAT_ZMM_HI256,
        X86_64_LINUX_AVX | X86_64_FEAT_OPMASK | X86_64_FEAT_HI16_ZMM,
        X86_64_LINUX_AVX | X86_64_FEAT_ZMM_HI256 | X86_64_FEAT_HI16_ZMM,
    };

    for (size_t i = 0; i < sizeof(partial) / sizeof(partial[0]); i++) {
        ck_assert(!arch_reg_present(a, X86_64_REG_K0, partial[i]));
        ck_assert_uint_eq(arch_wire_size(a, partial[i]), arch_wire_size(a, X86_64_LINUX_AVX));
    }
    ck_assert(arch_reg_present(a, X86_64_REG_K0, X86_64_LINUX_AVX512));
    ck_assert(!arch_reg_present(a, X86_64_REG_COUNT, ALL_MASK));
}
END_TEST

START_TEST(test_x86_64_wire_size_per_mask)
{
    const struct arch_desc *a = &arch_x86_64;

    ck_assert_uint_eq(arch_wire_size(a, X86_64_FEAT_ALL), 2420);
    ck_assert_uint_eq(arch_x86_64.raw_size, 2420);
    ck_assert_uint_eq(arch_wire_size(a, X86_64_LINUX_AVX512), 2416);
    ck_assert_uint_eq(arch_wire_size(a, X86_64_LINUX_AVX), 816);
    ck_assert_uint_eq(arch_wire_size(a, X86_64_LINUX_SSE), 560);
    /* core 276 bytes + sse 260 */
    ck_assert_uint_eq(arch_wire_size(a, 0), 536);
}
END_TEST

START_TEST(test_x86_64_roles_and_dwarf_numbers)
{
    const struct arch_desc *a = &arch_x86_64;
    static const struct {
        const char *name;
        int dwarf;
    } rows[] = {
        {"rax", 0},    {"rdx", 1},  {"rcx", 2},  {"rbx", 3},       {"rsi", 4},      {"rdi", 5},
        {"rbp", 6},    {"rsp", 7},  {"r8", 8},   {"r15", 15},      {"rip", 16},     {"xmm0", 17},
        {"xmm15", 32}, {"st0", 33}, {"st7", 40}, {"eflags", 49},   {"es", 50},      {"cs", 51},
        {"ss", 52},    {"ds", 53},  {"fs", 54},  {"gs", 55},       {"fs_base", 58}, {"gs_base", 59},
        {"mxcsr", 64}, {"k0", 118}, {"k7", 125}, {"orig_rax", -1}, {"ymm0h", -1},   {"zmm0h", -1},
    };

    ck_assert_int_eq(arch_reg_role(a, ROLE_PC), X86_64_REG_RIP);
    ck_assert_int_eq(arch_reg_role(a, ROLE_SP), X86_64_REG_RSP);
    ck_assert_int_eq(arch_reg_role(a, ROLE_FP), X86_64_REG_RBP);
    ck_assert_int_eq(arch_reg_role(a, ROLE_FLAGS), X86_64_REG_EFLAGS);
    ck_assert_int_eq(arch_reg_role(a, ROLE_RA), -1);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        int r = arch_reg_by_name(a, rows[i].name);

        ck_assert_int_ge(r, 0);
        ck_assert_msg(a->regs[r].dwarf == rows[i].dwarf, "%s: dwarf %d, want %d", rows[i].name,
                      a->regs[r].dwarf, rows[i].dwarf);
    }
}
END_TEST

START_TEST(test_x86_64_tdesc_xml_header_and_single_target)
{
    ssize_t n = arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX512, "GNU/Linux", xml, sizeof(xml));

    ck_assert_int_gt(n, 0);
    ck_assert_uint_eq(strlen(xml), (size_t)n);
    ck_assert_int_eq(strncmp(xml, "<?xml version=\"1.0\"?>\n", 22), 0);
    ck_assert_uint_eq(count_of(xml, "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"), 1);
    ck_assert_uint_eq(count_of(xml, "<target>"), 1);
    ck_assert_uint_eq(count_of(xml, "</target>"), 1);
    ck_assert_str_eq(xml + n - strlen("</target>\n"), "</target>\n");
    ck_assert_uint_eq(count_of(xml, "  <architecture>i386:x86-64</architecture>\n"), 1);
    ck_assert_uint_eq(count_of(xml, "  <osabi>GNU/Linux</osabi>\n"), 1);
    ck_assert_uint_eq(count_of(xml, "<feature "), count_of(xml, "</feature>"));
}
END_TEST

START_TEST(test_x86_64_tdesc_xml_lines_equal_gdbserver)
{
    /* Lines copied from gdbserver 13's amd64-linux target.xml. */
    static const char *lines[] = {
        "    <reg name=\"rbp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"6\"/>\n",
        "    <reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\" regnum=\"16\"/>\n",
        "    <reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\" regnum=\"17\"/>\n",
        "    <reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\" regnum=\"24\"/>\n",
        "    <reg name=\"fctrl\" bitsize=\"32\" type=\"int\" regnum=\"32\" group=\"float\"/>\n",
        "    <reg name=\"xmm0\" bitsize=\"128\" type=\"vec128\" regnum=\"40\"/>\n",
        "    <reg name=\"mxcsr\" bitsize=\"32\" type=\"i386_mxcsr\" regnum=\"56\" "
        "group=\"vector\"/>\n",
        "  <feature name=\"org.gnu.gdb.i386.linux\">\n"
        "    <reg name=\"orig_rax\" bitsize=\"64\" type=\"int\" regnum=\"57\"/>\n"
        "  </feature>\n",
        "    <reg name=\"fs_base\" bitsize=\"64\" type=\"int\" regnum=\"58\"/>\n",
        "  <feature name=\"org.gnu.gdb.i386.avx\">\n"
        "    <reg name=\"ymm0h\" bitsize=\"128\" type=\"uint128\" regnum=\"60\"/>\n",
        "    <reg name=\"xmm16\" bitsize=\"128\" type=\"vec128\" regnum=\"76\"/>\n",
        "    <reg name=\"k0\" bitsize=\"64\" type=\"uint64\" regnum=\"108\"/>\n",
        "    <reg name=\"zmm31h\" bitsize=\"256\" type=\"v2ui128\" regnum=\"147\"/>\n"
        "  </feature>\n"
        "</target>\n",
        "  <feature name=\"org.gnu.gdb.i386.core\">\n"
        "    <flags id=\"i386_eflags\" size=\"4\">\n"
        "      <field name=\"CF\" start=\"0\" end=\"0\" type=\"bool\"/>\n"
        "      <field name=\"\" start=\"1\" end=\"1\" type=\"bool\"/>\n",
        "      <field name=\"ID\" start=\"21\" end=\"21\" type=\"bool\"/>\n"
        "    </flags>\n"
        "    <reg name=\"rax\" bitsize=\"64\" type=\"int64\" regnum=\"0\"/>\n",
        "  <feature name=\"org.gnu.gdb.i386.sse\">\n"
        "    <vector id=\"v8bf16\" type=\"bfloat16\" count=\"8\"/>\n",
        "      <field name=\"uint128\" type=\"uint128\"/>\n"
        "    </union>\n"
        "    <flags id=\"i386_mxcsr\" size=\"4\">\n",
        "      <field name=\"FZ\" start=\"15\" end=\"15\" type=\"bool\"/>\n"
        "    </flags>\n",
        "    </union>\n"
        "    <vector id=\"v2ui128\" type=\"uint128\" count=\"2\"/>\n"
        "    <reg name=\"xmm16\"",
    };

    ck_assert_int_gt(
        arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX512, "GNU/Linux", xml, sizeof(xml)), 0);
    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
        ck_assert_msg(count_of(xml, lines[i]) == 1, "not once: %s", lines[i]);
    /* gdbserver repeats vec128 in the avx512 feature, so each feature stands alone. */
    ck_assert_uint_eq(count_of(xml, "<union id=\"vec128\">"), 2);
}
END_TEST

START_TEST(test_x86_64_tdesc_xml_omits_absent_features)
{
    static const char *absent[] = {"org.gnu.gdb.i386.avx\"",
                                   "org.gnu.gdb.i386.avx512",
                                   "org.gnu.gdb.i386.pkeys",
                                   "ymm0h",
                                   "v2ui128",
                                   "k0"};
    static const char *present[] = {"org.gnu.gdb.i386.core", "org.gnu.gdb.i386.sse",
                                    "org.gnu.gdb.i386.linux", "org.gnu.gdb.i386.segments"};
    ssize_t n = arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_SSE, NULL, xml, sizeof(xml));

    ck_assert_int_gt(n, 0);
    for (size_t i = 0; i < sizeof(absent) / sizeof(absent[0]); i++)
        ck_assert_msg(strstr(xml, absent[i]) == NULL, "%s present", absent[i]);
    for (size_t i = 0; i < sizeof(present) / sizeof(present[0]); i++)
        ck_assert_uint_eq(count_of(xml, present[i]), 1);
    ck_assert_ptr_null(strstr(xml, "<osabi>"));
    ck_assert_uint_eq(count_of(xml, "<reg "), 60);
    ck_assert_uint_eq(count_of(xml, " regnum=\""), 60);
    ck_assert_uint_eq(count_of(xml, "<reg name=\"gs_base\" bitsize=\"64\" type=\"int\" "
                                    "regnum=\"59\"/>"),
                      1);
    ck_assert_uint_eq(count_of(xml, "<union id=\"vec128\">"), 1);
}
END_TEST

START_TEST(test_x86_64_tdesc_xml_pkeys_feature_with_pkru)
{
    ck_assert_int_gt(arch_tdesc_xml(&arch_x86_64, X86_64_FEAT_ALL, NULL, xml, sizeof(xml)), 0);
    ck_assert_uint_eq(count_of(xml, "  <feature name=\"org.gnu.gdb.i386.pkeys\">\n"
                                    "    <reg name=\"pkru\" bitsize=\"32\" type=\"uint32\" "
                                    "regnum=\"148\"/>\n"
                                    "  </feature>\n"),
                      1);
}
END_TEST

START_TEST(test_x86_64_tdesc_xml_escapes_osabi)
{
    ck_assert_int_gt(arch_tdesc_xml(&arch_x86_64, 0, "a<b&c>", xml, sizeof(xml)), 0);
    ck_assert_uint_eq(count_of(xml, "<osabi>a&lt;b&amp;c&gt;</osabi>"), 1);
}
END_TEST

START_TEST(test_x86_64_tdesc_xml_small_buffer_enospc)
{
    char small[64];
    ssize_t n = arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX, "GNU/Linux", xml, sizeof(xml));

    ck_assert_int_gt(n, 0);
    memset(small, 'x', sizeof(small));
    ck_assert_int_eq(
        arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX, "GNU/Linux", small, sizeof(small)), -ENOSPC);
    ck_assert_int_eq(arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX, "GNU/Linux", small, 0),
                     -ENOSPC);
    /* Exactly the length: no room for the NUL. Length + 1 fits. */
    ck_assert_int_eq(arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX, "GNU/Linux", xml, (size_t)n),
                     -ENOSPC);
    ck_assert_int_eq(
        arch_tdesc_xml(&arch_x86_64, X86_64_LINUX_AVX, "GNU/Linux", xml, (size_t)n + 1), n);
    ck_assert_uint_eq(strlen(xml), (size_t)n);
}
END_TEST

Suite *arch_suite(void)
{
    Suite *s = suite_create("arch");
    TCase *each = tcase_create("every_descriptor");
    TCase *x64 = tcase_create("x86_64");
    TCase *tdesc = tcase_create("x86_64_tdesc");
    int n = (int)arch_count();

    tcase_add_loop_test(each, test_offsets_contiguous_and_sum_to_raw_size, 0, n);
    tcase_add_loop_test(each, test_regs_grouped_by_feature_in_feature_order, 0, n);
    tcase_add_loop_test(each, test_names_unique_and_found_by_name, 0, n);
    tcase_add_loop_test(each, test_pc_and_sp_roles_found, 0, n);
    tcase_add_loop_test(each, test_found_by_own_elf_pair_and_name, 0, n);
    tcase_add_loop_test(each, test_full_mask_numbers_every_register_in_table_order, 0, n);
    tcase_add_loop_test(each, test_by_wire_and_wire_are_inverse_under_zero_mask, 0, n);
    tcase_add_loop_test(each, test_tdesc_xml_full_mask_has_every_feature_once_and_every_regnum, 0,
                        n);
    suite_add_tcase(s, each);

    tcase_add_test(x64, test_x86_64_found_by_elf_machine_62_class_64);
    tcase_add_test(x64, test_x86_64_breakpoint_is_int3_pc_after_1);
    tcase_add_test(x64, test_x86_64_reg_enum_matches_table_names);
    tcase_add_test(x64, test_x86_64_full_mask_wire_numbers_match_gdbserver);
    tcase_add_test(x64, test_x86_64_without_avx_stops_after_gs_base);
    tcase_add_test(x64, test_x86_64_absent_features_shift_later_numbers_down);
    tcase_add_test(x64, test_x86_64_avx512_needs_all_three_xcr0_bits);
    tcase_add_test(x64, test_x86_64_wire_size_per_mask);
    tcase_add_test(x64, test_x86_64_roles_and_dwarf_numbers);
    suite_add_tcase(s, x64);

    tcase_add_test(tdesc, test_x86_64_tdesc_xml_header_and_single_target);
    tcase_add_test(tdesc, test_x86_64_tdesc_xml_lines_equal_gdbserver);
    tcase_add_test(tdesc, test_x86_64_tdesc_xml_omits_absent_features);
    tcase_add_test(tdesc, test_x86_64_tdesc_xml_pkeys_feature_with_pkru);
    tcase_add_test(tdesc, test_x86_64_tdesc_xml_escapes_osabi);
    tcase_add_test(tdesc, test_x86_64_tdesc_xml_small_buffer_enospc);
    suite_add_tcase(s, tdesc);
    return s;
}
