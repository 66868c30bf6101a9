/* x86-64 target-description features: names, the XML type definitions each one opens with,
 * and the feature-mask bits it needs. Types are defined exactly as gdbserver's amd64-linux
 * target.xml defines them, in the feature that uses them (avx512 repeats vec128, as
 * gdbserver does, so each feature stands alone). Pure data: no OS headers.
 * Spec: GDB manual, "Target Description Format" / "i386 Features". */
#include <stdint.h>

#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"

#define X86_64_FLAG(name, bit)                                                                     \
    "      <field name=\"" name "\" start=\"" #bit "\" end=\"" #bit "\" type=\"bool\"/>\n"

/* One flag per line, so the table reads like the XML it becomes. */
/* clang-format off */
static const char x86_64_core_types[] =
    "    <flags id=\"i386_eflags\" size=\"4\">\n"
    X86_64_FLAG("CF", 0)
    X86_64_FLAG("", 1)
    X86_64_FLAG("PF", 2)
    X86_64_FLAG("AF", 4)
    X86_64_FLAG("ZF", 6)
    X86_64_FLAG("SF", 7)
    X86_64_FLAG("TF", 8)
    X86_64_FLAG("IF", 9)
    X86_64_FLAG("DF", 10)
    X86_64_FLAG("OF", 11)
    X86_64_FLAG("NT", 14)
    X86_64_FLAG("RF", 16)
    X86_64_FLAG("VM", 17)
    X86_64_FLAG("AC", 18)
    X86_64_FLAG("VIF", 19)
    X86_64_FLAG("VIP", 20)
    X86_64_FLAG("ID", 21)
    "    </flags>\n";
/* clang-format on */

#define X86_64_VEC128_TYPES                                                                        \
    "    <vector id=\"v8bf16\" type=\"bfloat16\" count=\"8\"/>\n"                                  \
    "    <vector id=\"v8h\" type=\"ieee_half\" count=\"8\"/>\n"                                    \
    "    <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"                                  \
    "    <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"                                  \
    "    <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"                                      \
    "    <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"                                      \
    "    <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"                                      \
    "    <vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"                                      \
    "    <union id=\"vec128\">\n"                                                                  \
    "      <field name=\"v8_bfloat16\" type=\"v8bf16\"/>\n"                                        \
    "      <field name=\"v8_half\" type=\"v8h\"/>\n"                                               \
    "      <field name=\"v4_float\" type=\"v4f\"/>\n"                                              \
    "      <field name=\"v2_double\" type=\"v2d\"/>\n"                                             \
    "      <field name=\"v16_int8\" type=\"v16i8\"/>\n"                                            \
    "      <field name=\"v8_int16\" type=\"v8i16\"/>\n"                                            \
    "      <field name=\"v4_int32\" type=\"v4i32\"/>\n"                                            \
    "      <field name=\"v2_int64\" type=\"v2i64\"/>\n"                                            \
    "      <field name=\"uint128\" type=\"uint128\"/>\n"                                           \
    "    </union>\n"

/* clang-format off */
static const char x86_64_sse_types[] =
    X86_64_VEC128_TYPES
    "    <flags id=\"i386_mxcsr\" size=\"4\">\n"
    X86_64_FLAG("IE", 0)
    X86_64_FLAG("DE", 1)
    X86_64_FLAG("ZE", 2)
    X86_64_FLAG("OE", 3)
    X86_64_FLAG("UE", 4)
    X86_64_FLAG("PE", 5)
    X86_64_FLAG("DAZ", 6)
    X86_64_FLAG("IM", 7)
    X86_64_FLAG("DM", 8)
    X86_64_FLAG("ZM", 9)
    X86_64_FLAG("OM", 10)
    X86_64_FLAG("UM", 11)
    X86_64_FLAG("PM", 12)
    X86_64_FLAG("FZ", 15)
    "    </flags>\n";
/* clang-format on */

static const char x86_64_avx512_types[] =
    X86_64_VEC128_TYPES "    <vector id=\"v2ui128\" type=\"uint128\" count=\"2\"/>\n";

const struct tdesc_feature x86_64_tdesc_features[X86_64_TDESC_COUNT] = {
    [X86_64_TDESC_CORE] = {"org.gnu.gdb.i386.core", x86_64_core_types, 0},
    /* SSE state always exists on x86-64; gdbserver emits this feature unconditionally. */
    [X86_64_TDESC_SSE] = {"org.gnu.gdb.i386.sse", x86_64_sse_types, 0},
    [X86_64_TDESC_LINUX] = {"org.gnu.gdb.i386.linux", "", X86_64_FEAT_LINUX},
    [X86_64_TDESC_SEGMENTS] = {"org.gnu.gdb.i386.segments", "", X86_64_FEAT_SEGMENTS},
    [X86_64_TDESC_AVX] = {"org.gnu.gdb.i386.avx", "", X86_64_FEAT_AVX},
    [X86_64_TDESC_AVX512] = {"org.gnu.gdb.i386.avx512", x86_64_avx512_types, X86_64_FEAT_AVX512},
    [X86_64_TDESC_PKEYS] = {"org.gnu.gdb.i386.pkeys", "", X86_64_FEAT_PKRU},
};
