/* Architecture lookups over the descriptors: find by ELF machine or name, wire register
 * numbering under a feature mask, and target.xml assembly from the register table.
 * Pure code over const data: libc only, no syscalls, no allocation, no mutable globals.
 * Spec: GDB manual, "Target Descriptions" (Target Description Format, Standard Target
 * Features) and "Packets" (g/p register numbering follows target.xml regnum). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/x86_64/x86_64.h"

/* Every descriptor rspd knows; adding an architecture is one line here. */
static const struct arch_desc *const arch_all[] = {
    &arch_x86_64,
};

#define ARCH_COUNT (sizeof(arch_all) / sizeof(arch_all[0]))

const struct arch_desc *arch_find_elf(unsigned machine, unsigned elf_class)
{
    for (size_t i = 0; i < ARCH_COUNT; i++) {
        if (arch_all[i]->elf_machine == machine && arch_all[i]->elf_class == elf_class)
            return arch_all[i];
    }
    return NULL;
}

const struct arch_desc *arch_find_name(const char *name)
{
    if (name == NULL)
        return NULL;
    for (size_t i = 0; i < ARCH_COUNT; i++) {
        if (strcmp(arch_all[i]->name, name) == 0)
            return arch_all[i];
    }
    return NULL;
}

const struct arch_desc *arch_nth(size_t i)
{
    return i < ARCH_COUNT ? arch_all[i] : NULL;
}

static bool arch_feature_present(const struct arch_desc *a, size_t f, uint64_t mask)
{
    return f < a->nfeatures && (mask & a->features[f].needs) == a->features[f].needs;
}

bool arch_reg_present(const struct arch_desc *a, size_t i, uint64_t mask)
{
    return i < a->nregs && arch_feature_present(a, a->regs[i].feature, mask);
}

int arch_reg_by_wire(const struct arch_desc *a, uint64_t mask, uint64_t regnum)
{
    uint64_t wire = 0;

    for (size_t i = 0; i < a->nregs; i++) {
        if (!arch_reg_present(a, i, mask))
            continue;
        if (wire == regnum)
            return (int)i;
        wire++;
    }
    return -1;
}

int arch_reg_wire(const struct arch_desc *a, uint64_t mask, size_t i)
{
    int wire = 0;

    if (!arch_reg_present(a, i, mask))
        return -1;
    for (size_t j = 0; j < i; j++) {
        if (arch_reg_present(a, j, mask))
            wire++;
    }
    return wire;
}

int arch_reg_role(const struct arch_desc *a, enum reg_role role)
{
    if (role == ROLE_NONE)
        return -1;
    for (size_t i = 0; i < a->nregs; i++) {
        if (a->regs[i].role == role)
            return (int)i;
    }
    return -1;
}

int arch_reg_by_name(const struct arch_desc *a, const char *name)
{
    if (name == NULL)
        return -1;
    for (size_t i = 0; i < a->nregs; i++) {
        if (strcmp(a->regs[i].name, name) == 0)
            return (int)i;
    }
    return -1;
}

size_t arch_wire_size(const struct arch_desc *a, uint64_t mask)
{
    size_t size = 0;

    for (size_t i = 0; i < a->nregs; i++) {
        if (arch_reg_present(a, i, mask))
            size += a->regs[i].bits / 8u;
    }
    return size;
}

/* A bounded writer for arch_tdesc_xml: once something does not fit, `full` stays set and
 * nothing more is written. */
struct arch_xml_out {
    char *p;
    size_t len;
    size_t cap; /* excludes the NUL */
    bool full;
};

static void arch_xml_put(struct arch_xml_out *o, const char *s, size_t n)
{
    if (o->full || n > o->cap - o->len) {
        o->full = true;
        return;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
}

static void arch_xml_puts(struct arch_xml_out *o, const char *s)
{
    arch_xml_put(o, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void arch_xml_printf(struct arch_xml_out *o,
                                                                  const char *fmt, ...)
{
    va_list ap;
    int n;

    if (o->full)
        return;
    va_start(ap, fmt);
    /* The room left plus the NUL slot the caller reserved at the end of OUT. */
    n = vsnprintf(o->p + o->len, o->cap - o->len + 1, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n > o->cap - o->len) {
        o->full = true;
        return;
    }
    o->len += (size_t)n;
}

/* Caller-supplied text (the OSABI) escaped for XML character data. */
static void arch_xml_escaped(struct arch_xml_out *o, const char *s)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '&':
            arch_xml_puts(o, "&amp;");
            break;
        case '<':
            arch_xml_puts(o, "&lt;");
            break;
        case '>':
            arch_xml_puts(o, "&gt;");
            break;
        default:
            arch_xml_put(o, s, 1);
            break;
        }
    }
}

ssize_t arch_tdesc_xml(const struct arch_desc *a, uint64_t mask, const char *osabi, char *out,
                       size_t cap)
{
    struct arch_xml_out o;

    if (out == NULL || cap == 0)
        return -ENOSPC;
    o = (struct arch_xml_out){.p = out, .len = 0, .cap = cap - 1, .full = false};
    arch_xml_puts(&o, "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                      "<target>\n");
    arch_xml_printf(&o, "  <architecture>%s</architecture>\n", a->name);
    if (osabi != NULL) {
        arch_xml_puts(&o, "  <osabi>");
        arch_xml_escaped(&o, osabi);
        arch_xml_puts(&o, "</osabi>\n");
    }
    for (size_t f = 0; f < a->nfeatures; f++) {
        unsigned wire = 0;

        if (!arch_feature_present(a, f, mask))
            continue;
        arch_xml_printf(&o, "  <feature name=\"%s\">\n", a->features[f].name);
        arch_xml_puts(&o, a->features[f].types);
        /* regnum is the register's position among all present registers in table order,
         * whatever feature it sits in, so 'p'/'g' and the XML agree. */
        for (size_t i = 0; i < a->nregs; i++) {
            const struct reg_desc *r = &a->regs[i];

            if (!arch_reg_present(a, i, mask))
                continue;
            if (r->feature == f) {
                arch_xml_printf(&o, "    <reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"",
                                r->name, (unsigned)r->bits, r->type, wire);
                if (r->group != NULL)
                    arch_xml_printf(&o, " group=\"%s\"", r->group);
                arch_xml_puts(&o, "/>\n");
            }
            wire++;
        }
        arch_xml_puts(&o, "  </feature>\n");
    }
    arch_xml_puts(&o, "</target>\n");
    if (o.full) {
        out[0] = '\0';
        return -ENOSPC;
    }
    out[o.len] = '\0';
    return (ssize_t)o.len;
}
