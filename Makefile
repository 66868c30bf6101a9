# rspd: one non-recursive Makefile. `make` builds build/rspd; `make check` installs what is
# missing, builds and runs every test; `make demo` runs a short gdb session through rspd.

CC        ?= cc
OPT       ?= -O2 -g
BUILD     ?= build
SANITIZE  ?=
WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS  += -I. -D_GNU_SOURCE
CFLAGS    := -std=c11 $(OPT) $(WARN) $(SANITIZE) -MMD -MP $(EXTRA_CFLAGS)
LDFLAGS   += $(SANITIZE)

OS        := $(shell uname -s)
OS_DIR    := $(if $(filter Linux,$(OS)),linux,$(error rspd has no target for $(OS) yet))
PKG       := $(shell command -v pkg-config 2>/dev/null)
ELF_CFLAGS  := $(if $(PKG),$(shell pkg-config --cflags libelf 2>/dev/null))
ELF_LIBS    := $(if $(PKG),$(shell pkg-config --libs libelf 2>/dev/null),-lelf)
CHECK_CFLAGS := $(if $(PKG),$(shell pkg-config --cflags check 2>/dev/null))
CHECK_LIBS  := $(if $(PKG),$(shell pkg-config --libs check 2>/dev/null),-lcheck)

PROTO_SRC  := $(wildcard protocol/*.c)
ARCH_SRC   := $(wildcard arch/*.c arch/*/*.c)
TCOMMON_SRC := $(wildcard targets/*.c)
TOS_SRC    := $(wildcard targets/$(OS_DIR)/*.c)
SERVER_SRC := $(filter-out server/main.c,$(wildcard server/*.c))
UNIT_SRC   := $(wildcard tests/unit/*.c)
PROG_SRC   := $(filter-out tests/programs/lib%.c,$(wildcard tests/programs/*.c))
PROG_LIB_SRC := $(wildcard tests/programs/lib*.c)
TOOL_SRC   := $(wildcard tests/tools/*.c)
FUZZ_SRC   := tests/fuzz/entries.c
FUZZ_HARNESSES := frame session xfer vcont ptid hostio ax

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIB_OBJ    := $(call obj,$(PROTO_SRC) $(ARCH_SRC) $(TCOMMON_SRC) $(SERVER_SRC))
RSPD_OBJ   := $(LIB_OBJ) $(call obj,$(TOS_SRC) server/main.c)
UNIT_OBJ   := $(call obj,$(UNIT_SRC)) $(LIB_OBJ) $(call obj,$(TOS_SRC)) $(call obj,$(FUZZ_SRC))
PROGRAMS   := $(patsubst tests/programs/%.c,$(BUILD)/tests/programs/%,$(PROG_SRC)) \
              $(patsubst tests/programs/%.c,$(BUILD)/tests/programs/%.so,$(PROG_LIB_SRC))
TOOLS      := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(TOOL_SRC))

.PHONY: all check check-run unit integration integration-gdbserver demo demo-run asan asan-run conformance deps lint format headers clean \
        fuzz fuzz-build fuzz-run asan-build
all: $(BUILD)/rspd

$(BUILD)/rspd: $(RSPD_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(ELF_LIBS)

$(BUILD)/tests/unit/check_rspd: $(UNIT_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(ELF_LIBS)

$(BUILD)/tests/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CHECK_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/targets/$(OS_DIR)/%.o: targets/$(OS_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ELF_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# Debuggees: -g -O0, no sanitizers, always the system compiler's defaults (PIE).
$(BUILD)/tests/programs/%: tests/programs/%.c
	@mkdir -p $(dir $@)
	$(CC) -g -O0 -o $@ $< -pthread $(PROG_LDFLAGS)

# tests/programs/lib*.c are shared libraries the debuggees dlopen by path; static.c links -static.
$(BUILD)/tests/programs/%.so: tests/programs/%.c
	@mkdir -p $(dir $@)
	$(CC) -g -O0 -shared -fPIC -o $@ $<
$(BUILD)/tests/programs/static $(BUILD)/tests/programs/statictls: PROG_LDFLAGS := -static

$(BUILD)/tests/tools/%: tests/tools/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=c11 -g -O0 $(WARN) -o $@ $<

deps:
	@scripts/deps

unit: $(BUILD)/tests/unit/check_rspd $(PROGRAMS)
	PROGS=$(BUILD)/tests/programs CK_DEFAULT_TIMEOUT=20 $(BUILD)/tests/unit/check_rspd

# ITEST_FLAGS passes runner options, e.g. ITEST_FLAGS='--only=watch,finish --transport=stdio -v'.
integration: $(BUILD)/rspd $(PROGRAMS) $(TOOLS)
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/run $(ITEST_FLAGS)
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/transport.sh
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/extended.sh
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs tests/integration/attach.sh
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/hostile.sh
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/faults.sh
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/nonstop.sh
	RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/rangestep.sh
	$(if $(SANITIZE),,RSPD=$(BUILD)/rspd PROGS=$(BUILD)/tests/programs tests/integration/valgrind.sh)

# The same scenarios against GNU gdbserver: proves the tests right, needs no rspd.
integration-gdbserver: $(PROGRAMS) $(TOOLS)
	PROGS=$(BUILD)/tests/programs TOOLS=$(BUILD)/tests/tools tests/integration/run --server=gdbserver $(ITEST_FLAGS)
	PROGS=$(BUILD)/tests/programs tests/integration/attach.sh --server=gdbserver

# check and demo install missing packages first, then re-enter make so pkg-config sees them.
check: deps
	@$(MAKE) --no-print-directory check-run
check-run: unit integration

demo: deps
	@$(MAKE) --no-print-directory demo-run
demo-run: $(BUILD)/rspd $(BUILD)/tests/programs/demo
	scripts/demo $(BUILD)/rspd $(BUILD)/tests/programs/demo

# ASan+UBSan build of rspd and the unit tests (debuggees stay plain), then every test with it.
ASAN_MAKE = $(MAKE) --no-print-directory BUILD=build-asan CC=clang \
    OPT="-O1 -g -fno-omit-frame-pointer" SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all"
asan:
	$(ASAN_MAKE) asan-run
# Only the ASan+UBSan rspd and the debuggees, for scripts/soak.
asan-build:
	$(ASAN_MAKE) build-asan/rspd $(patsubst $(BUILD)/%,build-asan/%,$(PROGRAMS))
asan-run: export ASAN_OPTIONS = detect_leaks=1:abort_on_error=0:exitcode=86
asan-run: export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1
asan-run: unit integration

# libFuzzer harnesses (tests/fuzz/), clang with ASan+UBSan, each run FUZZ_SECONDS (default 60)
# from its seed corpus tests/fuzz/corpus/NAME; any crash fails (scripts/fuzz).
FUZZ_SECONDS ?= 60
fuzz:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANITIZE="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_CFLAGS=-fsanitize=fuzzer-no-link fuzz-run
fuzz-build: $(patsubst %,$(BUILD)/tests/fuzz/fuzz_%,$(FUZZ_HARNESSES))
fuzz-run: fuzz-build
	scripts/fuzz $(FUZZ_SECONDS) $(BUILD)/tests/fuzz $(FUZZ_HARNESSES)

$(BUILD)/tests/fuzz/fuzz_%: tests/fuzz/fuzz_main.c $(call obj,$(FUZZ_SRC)) $(LIB_OBJ) \
        $(BUILD)/tests/unit/fake_target.o
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(filter-out -MMD -MP,$(CFLAGS)) -DFUZZ_ENTRY=fuzz_$*_one -fsanitize=fuzzer \
	    -o $@ $(filter %.c %.o,$^)

# gdb's own testsuite through rspd, compared with GNU gdbserver (30+ minutes; not in check).
conformance: deps
	@$(MAKE) --no-print-directory $(BUILD)/rspd
	RSPD=$(BUILD)/rspd scripts/conformance/run $(BOARDS)

format:
	clang-format -i $(wildcard */*.c */*.h */*/*.c */*/*.h)

headers:
	@for h in $(wildcard protocol/*.h arch/*.h arch/*/*.h targets/*.h server/*.h); do \
	    echo "#include \"$$h\"" | $(CC) $(CPPFLAGS) -std=c11 $(WARN) -x c -fsyntax-only - || exit 1; done

# Static checks of rspd's own code: include rules, cppcheck, clang-tidy (.clang-tidy); zero
# findings allowed (scripts/lint).
lint:
	scripts/lint

clean:
	rm -rf $(BUILD) build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
