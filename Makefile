# creasy: one flat Makefile.
#
#   make run     boot the default system into the operator console
#   make test    build everything and run every test
#   make bench   benchmarks (never timed tests): creasy against Hercules, and CP's costs
#   make deps    install the Debian packages (every target depends on it)
#
# Host code builds with cc; guest code (CP, CMS, programs) with the s390x
# cross compiler in 31-bit ESA mode. Generated tables come from spec.yaml.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:
SHELL := /bin/bash

B := build
G := $(B)/gen

# ---- host ------------------------------------------------------------------
# clang: its musttail makes threaded dispatch a guarantee (isa/exec.h)
CC := clang
OPT ?= -O2
HOST_CFLAGS := -std=gnu11 $(OPT) -gdwarf-4 -Wall -Wextra -Werror -Wno-unused-parameter \
               -Wshadow -Wstrict-prototypes -Wmissing-prototypes -MMD -MP \
               -Iisa -Imachine/cpu -Imachine/io -Imachine/console -Imachine/host -Icms -Icp -I$(G) \
               $(EXTRA_CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# creasy's: the console's readline and the host tools' YAML (the core needs none)
HOST_LIBS := -lyaml -lreadline -lm

# ---- guest ---------------------------------------------------------------------
GUEST_CC := s390x-linux-gnu-gcc
GUEST_LD := s390x-linux-gnu-ld
GUEST_CFLAGS := -m31 -march=z900 -O2 -ffreestanding -nostdlib -fno-pic -fno-pie \
                -msoft-float -fno-stack-protector -fno-asynchronous-unwind-tables \
                -fno-unwind-tables -mno-backchain -fexec-charset=IBM1047 \
                -fno-delete-null-pointer-checks --param=min-pagesize=0 \
                -Wall -Wextra -Werror -I$(G) -Iprograms/include
GUEST_LIBGCC = $(shell $(GUEST_CC) -m31 -print-libgcc-file-name)

# ---- dependencies ------------------------------------------------------------------
DEPS := $(B)/.deps-ok
.PHONY: deps
deps: $(DEPS)
$(DEPS): tools/deps.sh
	@sh tools/deps.sh
	@mkdir -p $(B) && touch $@

# ---- generated tables -----------------------------------------------------------------
EXEC_SRCS := $(wildcard isa/exec_*.c)
GEN_OUT := $(G)/isa_tables.c $(G)/isa_tables.h $(G)/arch.h

$(B)/gen_tables: $(wildcard isa/gen/*.c isa/gen/*.h) machine/host/yaml_doc.c machine/host/yaml_doc.h | $(DEPS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(OPT) -gdwarf-4 -Wall -Wextra -Werror -Imachine/host -o $@ $(filter %.c,$^) -lyaml

# "file:line name" for every DEF_INSN(name): the generator checks them
$(G)/handlers.txt: $(EXEC_SRCS) | $(DEPS)
	@mkdir -p $(@D)
	@grep -Hn '^DEF_INSN(' $(EXEC_SRCS) | sed -E 's/^([^:]+:[0-9]+):DEF_INSN\(([a-z0-9_]+)\).*/\1 \2/' > $@

$(G)/isa_tables.h: spec.yaml $(B)/gen_tables $(G)/handlers.txt
	@mkdir -p $(@D)
	$(B)/gen_tables spec.yaml $(G) --handlers $(G)/handlers.txt
$(G)/isa_tables.c $(G)/arch.h: $(G)/isa_tables.h

# ---- the simulator ---------------------------------------------------------------------
# machine/ has four rooms (machine/README.md). The core library is the
# instruction set (isa/; its generator, isa/gen/, is a program of its
# own), the CPU (machine/cpu/) and channel I/O with its devices
# (machine/io/): it links alone, without the console, readline or the
# host tools, into the unit tests and the fuzzer. creasy is the core plus
# the operator console (machine/console/) and the host programs
# (machine/host/).
ISA_SRCS := $(wildcard isa/*.c)
CORE_SRCS := $(ISA_SRCS) $(wildcard machine/cpu/*.c machine/io/*.c) $(G)/isa_tables.c
CONSOLE_SRCS := $(wildcard machine/console/*.c)
HOST_SRCS := $(wildcard machine/host/*.c)
# shared with the guests: the CMS file system (cms/fs_*.c run in CMS, CP and
# `creasy disk`) and the CP directory codec (cp/directory.c, in CP and in
# `creasy directory`)
SHARED_SRCS := $(wildcard cms/fs*.c cp/directory.c)
CREASY_SRCS := $(CONSOLE_SRCS) $(HOST_SRCS) $(SHARED_SRCS)
# $(call OBJS,DIR,SOURCES): the objects of SOURCES in DIR ($(B)/obj or $(B)/san)
OBJS = $(patsubst %.c,$(1)/%.o,$(2:$(G)/%=gen/%))
# each isa/exec_*.c is compiled twice: fast handlers and their slow twins (isa/exec.h)
TWIN_OBJS = $(patsubst isa/%.c,$(1)/isa/%.slow.o,$(EXEC_SRCS))
CORE_OBJS := $(call OBJS,$(B)/obj,$(CORE_SRCS)) $(call TWIN_OBJS,$(B)/obj)
CORE_SAN_OBJS := $(call OBJS,$(B)/san,$(CORE_SRCS)) $(call TWIN_OBJS,$(B)/san)

$(B)/obj/gen/%.o: $(G)/%.c $(GEN_OUT)
	@mkdir -p $(@D)
	@echo "CC      $<"
	@$(CC) $(HOST_CFLAGS) -c -o $@ $<
$(B)/obj/%.o: %.c $(GEN_OUT)
	@mkdir -p $(@D)
	@echo "CC      $<"
	@$(CC) $(HOST_CFLAGS) -c -o $@ $<
$(B)/obj/isa/%.slow.o: isa/%.c $(GEN_OUT)
	@mkdir -p $(@D)
	@echo "CC      $< (slow twins)"
	@$(CC) $(HOST_CFLAGS) -DSLOW_TWIN=1 -c -o $@ $<
$(B)/san/isa/%.slow.o: isa/%.c $(GEN_OUT)
	@mkdir -p $(@D)
	@echo "CC-SAN  $< (slow twins)"
	@$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -DSLOW_TWIN=1 -c -o $@ $<
$(B)/san/gen/%.o: $(G)/%.c $(GEN_OUT)
	@mkdir -p $(@D)
	@echo "CC-SAN  $<"
	@$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c -o $@ $<
$(B)/san/%.o: %.c $(GEN_OUT)
	@mkdir -p $(@D)
	@echo "CC-SAN  $<"
	@$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(B)/creasy: $(CORE_OBJS) $(call OBJS,$(B)/obj,$(CREASY_SRCS))
	$(CC) $(OPT) -gdwarf-4 -o $@ $^ $(HOST_LIBS)
$(B)/creasy-san: $(CORE_SAN_OBJS) $(call OBJS,$(B)/san,$(CREASY_SRCS))
	$(CC) $(SAN_FLAGS) -g -o $@ $^ $(HOST_LIBS)

# ---- guest code: runtime library and bare-machine programs -------------------------------
# libcreasy.a: strings and formatting for every guest; printf() writes its
# lines with con_write(), which bare programs take from libbare.a (polled
# SIO to the console at 009), CMS programs from libcms.a (an SVC), and the
# CMS nucleus from its own terminal driver.
GUEST_LIB_OBJS := $(patsubst programs/lib/%.c,$(B)/guest/lib/%.o,$(filter-out programs/lib/console.c,$(wildcard programs/lib/*.c)))
GUEST_CRT0 := $(B)/guest/lib/crt0.o
GUEST_LIB := $(B)/guest/libcreasy.a
BARE_LIB := $(B)/guest/libbare.a
GUEST_LINK = $(GUEST_LD) -m elf_s390 -no-pie --no-warn-rwx-segments -T programs/link.ld

$(B)/guest/%.o: programs/%.c $(G)/arch.h | $(DEPS)
	@mkdir -p $(@D)
	@echo "GUEST   $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<
$(B)/guest/%.o: programs/%.S $(G)/arch.h | $(DEPS)
	@mkdir -p $(@D)
	@echo "GUEST   $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<
$(GUEST_LIB): $(GUEST_LIB_OBJS)
	s390x-linux-gnu-ar rcs $@ $^
$(BARE_LIB): $(B)/guest/lib/console.o
	s390x-linux-gnu-ar rcs $@ $^

# programs/DIR/NAME.c links with crt0 and the library; NAME.S brings its own
# _start. Every program also gets a flat NAME.bin (from its load address)
# for the Hercules oracle.
GUEST_C := $(wildcard programs/bare/*.c programs/diff/*.c programs/bench/*.c programs/kernels/*.c \
                      programs/adversarial/*.c programs/property/*.c programs/flawed/*.c)
GUEST_S := $(wildcard programs/bare/*.S programs/diff/*.S)
GUEST_ELFS := $(patsubst programs/%.c,$(B)/programs/%.elf,$(GUEST_C)) \
              $(patsubst programs/%.S,$(B)/programs/%.elf,$(GUEST_S))
GUEST_BINS := $(GUEST_ELFS:.elf=.bin)
BARE_ELFS := $(filter $(B)/programs/bare/%,$(GUEST_ELFS))

$(B)/programs/%.elf: $(B)/guest/%.o $(GUEST_CRT0) $(GUEST_LIB) $(BARE_LIB) programs/link.ld
	@mkdir -p $(@D)
	@echo "LINK    $@"
	@$(GUEST_LINK) -o $@ $(if $(wildcard programs/$*.S),$<,$(GUEST_CRT0) $< --start-group $(GUEST_LIB) $(BARE_LIB) --end-group) $(GUEST_LIBGCC)
$(B)/programs/%.bin: $(B)/programs/%.elf
	@s390x-linux-gnu-objcopy -O binary -R .lowcore $< $@

# ---- CMS: the nucleus, the programs it runs, and its system disk --------------------------
# CMS programs are linked at the user area's base, which cmsapi.h defines.
CMS_USER_BASE := $(shell sed -n 's/^\#define CMS_USER_BASE \(0x[0-9A-Fa-f]*\).*/\1/p' programs/include/cmsapi.h)
CMS_OBJS := $(B)/cms/start.o $(patsubst cms/%.c,$(B)/cms/%.o,$(wildcard cms/*.c))
CMS_NUCLEUS := $(B)/cms/cms.elf

$(B)/cms/%.o: cms/%.c $(G)/arch.h | $(DEPS)
	@mkdir -p $(@D)
	@echo "GUEST   $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -Icms -MMD -MP -c -o $@ $<
$(B)/cms/%.o: cms/%.S $(G)/arch.h | $(DEPS)
	@mkdir -p $(@D)
	@echo "GUEST   $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -Icms -MMD -MP -c -o $@ $<
$(CMS_NUCLEUS): $(CMS_OBJS) $(GUEST_LIB) cms/link.ld programs/link.ld
	@echo "LINK    $@"
	@$(GUEST_LD) -m elf_s390 -no-pie --no-warn-rwx-segments -Lprograms -T cms/link.ld \
	    --defsym CMS_USER_BASE=$(CMS_USER_BASE) -o $@ $(CMS_OBJS) $(GUEST_LIB) $(GUEST_LIBGCC)

CMSLIB_OBJS := $(patsubst programs/cmslib/%.c,$(B)/guest/cmslib/%.o,$(wildcard programs/cmslib/*.c))
CMS_CRT0 := $(B)/guest/cmslib/crt0.o
CMSLIB := $(B)/guest/libcms.a
CMS_PROGRAMS := $(patsubst programs/cms/%.c,$(B)/programs/cms/%.elf,$(wildcard programs/cms/*.c))
$(CMSLIB): $(CMSLIB_OBJS)
	s390x-linux-gnu-ar rcs $@ $^
$(B)/programs/cms/%.elf: $(B)/guest/cms/%.o $(CMS_CRT0) $(CMSLIB) $(GUEST_LIB) programs/link.ld
	@mkdir -p $(@D)
	@echo "LINK    $@"
	@$(GUEST_LD) -m elf_s390 -no-pie --no-warn-rwx-segments --defsym LOAD_ADDR=$(CMS_USER_BASE) \
	    --defsym STACK_SIZE=0 -T programs/link.ld -o $@ \
	    $(CMS_CRT0) $< --start-group $(CMSLIB) $(GUEST_LIB) --end-group $(GUEST_LIBGCC)

# The system disk: CMS's nucleus (IPLable), its programs as MODULE files
# and its HELPCMS files, built with `creasy disk` from nothing each time.
CMS_HELP := $(wildcard cms/help/*.help)
CMS_SYSTEM_DISK := $(B)/cms190.disk
$(CMS_SYSTEM_DISK): $(B)/creasy $(CMS_NUCLEUS) $(CMS_PROGRAMS) $(CMS_HELP)
	@echo "DISK    $@"
	@rm -f $@.tmp
	@$(B)/creasy disk format $@.tmp --blocks 4096 --label CMS190 --nucleus-blocks 512 >/dev/null
	@$(B)/creasy disk ipl $@.tmp $(CMS_NUCLEUS)
	@for p in $(CMS_PROGRAMS); do n=$$(basename $$p .elf); \
	    $(B)/creasy disk put $@.tmp $$p $$n MODULE --binary || exit 1; done
	@for h in $(CMS_HELP); do n=$$(basename $$h .help); \
	    $(B)/creasy disk put $@.tmp $$h $$n HELPCMS || exit 1; done
	@mv $@.tmp $@

# ---- CP: the control program, its system disk (nucleus and directory) --------------------
CP_OBJS := $(B)/cp/start.o $(patsubst cp/%.c,$(B)/cp/%.o,$(wildcard cp/*.c)) $(patsubst cms/%.c,$(B)/cms/%.o,$(wildcard cms/fs*.c))
CP_NUCLEUS := $(B)/cp/cp.elf
CP_DIRECTORY := cp/directory.yaml
$(B)/cp/%.o: cp/%.c $(G)/arch.h | $(DEPS)
	@mkdir -p $(@D)
	@echo "GUEST   $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -Icp -Icms -MMD -MP -c -o $@ $<
$(B)/cp/%.o: cp/%.S $(G)/arch.h | $(DEPS)
	@mkdir -p $(@D)
	@echo "GUEST   $<"
	@$(GUEST_CC) $(GUEST_CFLAGS) -Icp -Icms -MMD -MP -c -o $@ $<
$(CP_NUCLEUS): $(CP_OBJS) $(GUEST_LIB) cp/link.ld programs/link.ld
	@echo "LINK    $@"
	@$(GUEST_LD) -m elf_s390 -no-pie --no-warn-rwx-segments -Lprograms -T cp/link.ld -o $@ $(CP_OBJS) \
	    $(GUEST_LIB) $(GUEST_LIBGCC)

# CP's system disk: its nucleus (IPLable) and USER DIRECT, compiled from
# the YAML directory.
CP_SYSTEM_DISK := $(B)/cp1a0.disk
$(CP_SYSTEM_DISK): $(B)/creasy $(CP_NUCLEUS) $(CP_DIRECTORY)
	@echo "DISK    $@"
	@rm -f $@.tmp $(B)/user.direct
	@$(B)/creasy directory compile $(CP_DIRECTORY) $(B)/user.direct
	@$(B)/creasy disk format $@.tmp --blocks 2048 --label CP1A0 --nucleus-blocks 1024 >/dev/null
	@$(B)/creasy disk ipl $@.tmp $(CP_NUCLEUS)
	@$(B)/creasy disk put $@.tmp $(B)/user.direct USER DIRECT --binary
	@mv $@.tmp $@

# The nested system's two CP disks (--system nested): the same nucleus,
# each level's directory.
NESTED_DISKS := $(B)/cpn1a0.disk $(B)/cpn1a1.disk
$(B)/cpn1a0.disk: cp/nested-l1.yaml
$(B)/cpn1a1.disk: cp/nested-l2.yaml
$(NESTED_DISKS): $(B)/creasy $(CP_NUCLEUS)
	@echo "DISK    $@"
	@rm -f $@.tmp $@.direct
	@$(B)/creasy directory compile $(filter %.yaml,$^) $@.direct
	@$(B)/creasy disk format $@.tmp --blocks 2048 --label $(if $(findstring 1a0,$@),CPN1A0,CPN1A1) --nucleus-blocks 1024 >/dev/null
	@$(B)/creasy disk ipl $@.tmp $(CP_NUCLEUS)
	@$(B)/creasy disk put $@.tmp $@.direct USER DIRECT --binary
	@rm -f $@.direct
	@mv $@.tmp $@

.PHONY: all programs cms cp
programs: $(GUEST_ELFS) $(GUEST_BINS)
cms: $(CMS_SYSTEM_DISK)
cp: $(CP_SYSTEM_DISK) $(CMS_SYSTEM_DISK) $(NESTED_DISKS)
all: $(B)/creasy programs cms cp

# ---- tests --------------------------------------------------------------------------------
# Unit tests and console scripts run in the sanitizer build
# (-fsanitize=address,undefined): nothing a guest does may crash the host.
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_OBJS := $(patsubst %.c,$(B)/san/%.o,$(UNIT_SRCS))
$(B)/san/tests/%.o: tests/%.c $(GEN_OUT) | $(DEPS)
	@mkdir -p $(@D)
	@echo "CC-SAN  $<"
	@$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -Itests/unit -c -o $@ $<
# the host pieces some units test, and no more (no console, no readline):
# the configuration, option parsing, the ELF loader, `creasy disk` and
# `creasy directory`
UNIT_HOST_SRCS := $(addprefix machine/host/,config.c options.c elf.c disk_cmd.c directory_cmd.c yaml_doc.c tool_msg.c) \
                  $(SHARED_SRCS)
$(B)/unit_tests: $(UNIT_OBJS) $(CORE_SAN_OBJS) $(call OBJS,$(B)/san,$(UNIT_HOST_SRCS))
	$(CC) $(SAN_FLAGS) -o $@ $^ -lcriterion -lyaml

.PHONY: test test-gen test-unit test-unused test-coverage test-bare test-scripts test-host test-console test-cms \
        test-cp test-terminals test-limits test-shares test-equiv test-kernels test-nested test-path test-property test-efficiency test-adversarial test-diff test-fuzz \
        test-flawed test-labs
test: test-gen test-unit test-unused test-coverage test-bare test-scripts test-host test-console test-cms test-cp \
      test-terminals test-limits test-shares test-equiv test-kernels test-nested test-path test-property test-efficiency test-adversarial test-diff test-fuzz \
      test-flawed test-labs
	@echo "make test: all passed"

test-gen: $(B)/gen_tables
	tests/gen/run.sh $(B)/gen_tables

test-unit: $(B)/unit_tests
	$(B)/unit_tests -j2 --short-filename

# No dead code: every external function of the host, CP and CMS is called
# from another of its objects (or the libraries and programs that share
# its files), or is an entry point (tests/check_unused.sh)
HOST_OBJS := $(CORE_OBJS) $(call OBJS,$(B)/obj,$(CREASY_SRCS))
test-unused: $(B)/creasy $(B)/unit_tests cp cms
	@tests/check_unused.sh creasy main '*_slow' -- $(filter-out $(call OBJS,$(B)/obj,$(SHARED_SRCS)),$(HOST_OBJS)) --users $(UNIT_OBJS)
	@tests/check_unused.sh CP _start -- $(CP_OBJS) --users $(GUEST_LIB_OBJS) $(HOST_OBJS) $(CMS_OBJS) $(UNIT_OBJS)
	@tests/check_unused.sh CMS _start cms_main -- $(CMS_OBJS) --users $(GUEST_LIB_OBJS) $(HOST_OBJS) $(UNIT_OBJS)

test-coverage: $(G)/isa_tables.h
	tests/check_coverage.sh $(G)/isa_tables.h tests/unit

# ... and traced or profiled, each runs exactly as it does plain
OBSERVED_ELFS := $(BARE_ELFS) $(addprefix $(B)/programs/kernels/,vconsole.elf vtimer.elf vclock.elf)
test-bare: $(B)/creasy $(BARE_ELFS) $(OBSERVED_ELFS)
	tests/run_bare.sh $(B)/creasy $(BARE_ELFS)
	tests/observe.sh $(B)/creasy $(OBSERVED_ELFS)
	@$(B)/creasy run $(B)/programs/bare/flawed.elf --variant flawed --gpr 2=1 --console /dev/null | grep -qx 'WAITCODE=0000600D' \
	    && echo "pass  flawed on the flawed machine" || { echo "FAIL  flawed on the flawed machine"; exit 1; }

test-scripts: $(B)/creasy-san programs
	tests/run_scripts.sh $(B)/creasy-san tests/scripts/bare.yaml tests/scripts/*.cmd

# Host writes, locks and command-line manners: full devices, nodes and
# links made with mknod in a temporary folder, never /dev itself
test-host: $(B)/creasy-san programs
	tests/host/run.sh $(B)/creasy-san $(B)

# The console always in control (Ctrl-C, script limits, a terminal that
# answers while a guest computes, history, completion), and every
# transcript in README.md run and compared
test-console: $(B)/creasy-san programs cms cp
	tests/console/run.sh $(B)/creasy-san $(B)

test-cms: $(B)/creasy-san cms cp
	tests/cms/run.sh $(B)/creasy-san $(B) tests/cms/*.cmd
	tests/cms/small.sh $(B)/creasy-san $(B)

# The CP tests run twice: CP running every user by trap and emulate, and
# under SIE (CP_MODE, tests/cp/cpdisk.sh). IN_CP_MODES runs its command
# in both modes and fails if either does.
CP_MODES := trap sie
IN_CP_MODES = rc=0; for mode in $(CP_MODES); do echo "-- CP in $$mode mode"; CP_MODE=$$mode $(1) || rc=1; done; exit $$rc
# ... and on spec.yaml's flawed machine (docs/flawed-isa.md), in the two
# modes that make it equivalent with the guest unchanged: binary
# translation and SIE (CP_VARIANT, tests/cp/cpdisk.sh)
FLAWED_CP_MODES := bt sie
IN_FLAWED_MODES = rc=0; for mode in $(FLAWED_CP_MODES); do echo "-- CP in $$mode mode, the flawed machine"; \
                  CP_VARIANT=flawed CP_MODE=$$mode $(1) || rc=1; done; exit $$rc

# CP's commands and the console's view of CP, on the default system
test-cp: $(B)/creasy-san cp
	@$(call IN_CP_MODES,tests/cp/run.sh $(B)/creasy-san $(B) tests/cp/*.cmd)

# The user limit, terminal output never dropped, small CMS storage; a
# deck through the real reader and `creasy disk --extent` to a user; HX
test-limits: $(B)/creasy-san cp cms
	@$(call IN_CP_MODES,tests/cp/limits.sh $(B)/creasy-san $(B))
	@$(call IN_CP_MODES,tests/cp/delivery.sh $(B)/creasy-san $(B))
	@$(call IN_CP_MODES,tests/cp/cardready.sh $(B)/creasy-san $(B))
	tests/cp/cmshx.sh $(B)/creasy-san $(B)

# The 3215s beside a console (`terminals`) and the console across levels of CP under CP
test-terminals: $(B)/creasy-san cp $(B)/programs/kernels/vterms.elf $(B)/programs/kernels/fakevmt.elf
	@$(call IN_CP_MODES,tests/cp/terminals.sh $(B)/creasy-san $(B))

# CP's dispatcher: CPU shares, an idle guest, CP idling (virtual time)
test-shares: $(B)/creasy-san cp
	@$(call IN_CP_MODES,tests/cp/shares.sh $(B)/creasy-san $(B))

# Popek and Goldberg's equivalence: the CMS scripts bare and under CP
test-equiv: $(B)/creasy-san cms cp
	@$(call IN_CP_MODES,tests/cp/equiv.sh $(B)/creasy-san $(B) tests/cms/*.cmd)
	@$(call IN_FLAWED_MODES,tests/cp/equiv.sh $(B)/creasy-san $(B) tests/cms/*.cmd)

# ... and for guest kernels that run privileged instructions themselves
KERNEL_TESTS := $(B)/programs/kernels/privgen.elf $(B)/programs/kernels/privloop.elf $(B)/programs/kernels/datedge.elf \
                $(B)/programs/bare/dat.elf $(B)/programs/bare/hello.elf \
                $(addprefix $(B)/programs/kernels/,lowprot.elf pgmedge.elf vtimer.elf vclock.elf iomask.elf vconsole.elf \
                                                   diagcode.elf hostsie.elf farprobe.elf)
test-kernels: $(B)/creasy-san cp $(KERNEL_TESTS)
	@$(call IN_CP_MODES,tests/cp/kernels.sh $(B)/creasy-san $(B) $(KERNEL_TESTS))
	@$(call IN_FLAWED_MODES,tests/cp/kernels.sh $(B)/creasy-san $(B) $(filter-out %/privgen.elf,$(KERNEL_TESTS)))
	@# privgen's privileged instructions in its own problem state are beyond a hybrid VMM (Theorem 3): sie only
	@echo "-- CP in sie mode, the flawed machine"; CP_VARIANT=flawed CP_MODE=sie tests/cp/kernels.sh $(B)/creasy-san $(B) $(B)/programs/kernels/privgen.elf

# Property tests (tests/property/README.md): generated guest kernels, from
# spec.yaml's tables, bare and under CP in every configuration, equal;
# `make property N=...` runs any number of cases per configuration
$(G)/prop_isa.h: tests/property/ptable.py $(G)/isa_tables.c
	python3 tests/property/ptable.py $(G)/isa_tables.c > $@
$(B)/guest/property/propcase.o: $(G)/prop_isa.h
PROP_CONFIGS := bare,trap,sie,trap:trap,trap:sie,sie:trap,sie:sie
N ?= 100000
# On the flawed machine (CP_VARIANT): bare and sie mode, the remedy that
# needs nothing of the guest. (Binary translation leaves the guest's
# problem state native, and the cases' problem-state STOSM and STNSM see
# the real mask there, the residue Theorem 3 allows; trap mode differs in
# most cases, as tests/flawed/run.sh shows.)
PROP_FLAWED_CONFIGS := bare,sie
test-property: $(B)/creasy cp $(B)/programs/property/propcase.elf $(B)/programs/property/sentinel.elf
	tests/property/prop.py $(B) -n 10000 --configs $(PROP_CONFIGS)
	CP_VARIANT=flawed tests/property/prop.py $(B) -n 5000 --configs $(PROP_FLAWED_CONFIGS)
property: $(B)/creasy cp $(B)/programs/property/propcase.elf $(B)/programs/property/sentinel.elf
	tests/property/prop.py $(B) -n $(N) --configs $(PROP_CONFIGS)
	CP_VARIANT=flawed tests/property/prop.py $(B) -n $(N) --configs $(PROP_FLAWED_CONFIGS)

# The console across levels (tests/cp/path.sh): path, step vm PATH and
# break trap PATH for a level-2 guest in the four combinations
test-path: $(B)/creasy-san cp $(B)/programs/kernels/pathloop.elf
	tests/cp/path.sh $(B)/creasy-san $(B)

# CP under CP (tests/cp/nest.sh): the guest kernels and the CMS scripts at
# level 2, in the four combinations of the two levels' modes, must equal
# bare; and CMS five levels down
NEST_COMBOS := trap:trap trap:sie sie:trap sie:sie
NEST_FIVE := trap sie trap sie sie
test-nested: $(B)/creasy-san cms cp $(KERNEL_TESTS)
	@rc=0; for c in $(NEST_COMBOS); do modes=$$(echo $$c | tr : ' '); echo "-- CP under CP: $$modes"; \
	    CP_NEST="$$modes" tests/cp/kernels.sh $(B)/creasy-san $(B) $(KERNEL_TESTS) || rc=1; \
	    CP_NEST="$$modes" tests/cp/equiv.sh $(B)/creasy-san $(B) tests/cms/*.cmd || rc=1; done; \
	echo "-- five levels of CP: $(NEST_FIVE)"; \
	CP_NEST="$(NEST_FIVE)" tests/cp/equiv.sh $(B)/creasy-san $(B) tests/cms/tour.cmd tests/cms/files.cmd || rc=1; exit $$rc

# and efficiency, counted: the guest's share of the instructions for a
# compute-bound program under CP, and CP's instructions per trap
test-efficiency: $(B)/creasy programs cms cp
	@$(call IN_CP_MODES,tests/cp/efficiency.sh $(B)/creasy $(B))

# Resource control: adversarial guests beside victims whose results must not change
test-adversarial: $(B)/creasy-san programs cms cp
	@$(call IN_CP_MODES,tests/cp/adversarial.sh $(B)/creasy-san $(B))

test-diff: $(B)/creasy programs
	tests/diff/run.sh $(B)

# Random code as guests of CP (tests/fuzz/cpfuzz.sh): bare, then beside a
# sentinel under CP in trap and sie mode; CP must never abend
FUZZ_CP_KERNELS := $(addprefix $(B)/programs/kernels/,fuzzcp.elf fuzzref.elf victim.elf)
test-fuzz: $(B)/fuzz_code $(B)/creasy-san cp $(FUZZ_CP_KERNELS)
	$(B)/fuzz_code 20 500000
	tests/fuzz/cpfuzz.sh $(B)/creasy-san $(B)

# make fuzz-long: the sanitizer fuzzer for FUZZ_INSNS instructions in chunks
# (tests/fuzz/long.sh), then FUZZ_CP_SEEDS seeds under CP in both modes
FUZZ_INSNS ?= 1000000000
FUZZ_CP_SEEDS ?= 200
.PHONY: fuzz-long
fuzz-long: $(B)/fuzz_code $(B)/creasy-san cp $(FUZZ_CP_KERNELS)
	FUZZ_INSNS=$(FUZZ_INSNS) tests/fuzz/long.sh $(B)/fuzz_code
	FUZZ_CP_SEEDS=$(FUZZ_CP_SEEDS) FUZZ_CP_BUDGET=4000 FUZZ_CP_DEADLINE=10000 tests/fuzz/cpfuzz.sh $(B)/creasy-san $(B)

$(B)/fuzz_code: $(B)/san/tests/fuzz/fuzz_code.o $(CORE_SAN_OBJS)
	$(CC) $(SAN_FLAGS) -o $@ $^

# ---- benchmarks (never timed tests) -------------------------------------------------------
# creasy against Hercules (bench/bench.py), then what CP costs (bench/cp_bench.py)
# The flawed machine (tests/flawed/run.sh, docs/flawed-isa.md): trap mode
# must differ from bare, each remedy (sie, paravirtual, binary
# translation) must not; the paravirtual mask's cost and its guards; the
# console's view of a translation cache
FLAWED_ELFS := $(addprefix $(B)/programs/flawed/,critsect.elf epswstate.elf privheavy.elf pvguard.elf)
FLAWED_REMEDIES ?= sie pv bt
test-flawed: $(B)/creasy-san cp $(FLAWED_ELFS)
	FLAWED_REMEDIES="$(FLAWED_REMEDIES)" tests/flawed/run.sh $(B)/creasy-san $(B)
	tests/cp/btview.sh $(B)/creasy-san $(B)

# ---- course labs (labs/README.md) -----------------------------------------------------------
# make lab LAB=NAME [DIR=dir] [FORCE=1]   a student's workspace (default build/labs/NAME)
# make grade LAB=NAME [DIR=dir] [RESULTS=file]   grade it (default: this tree, the reference);
#                                         also writes Gradescope's results.json
# make grade-all LAB=NAME SUBMISSIONS=dir [CSV=file]   every folder in dir, into a CSV
# make test-labs                          every lab gradable: skeleton and wrong solutions
#                                         below full marks, the reference full
LAB_TOOL := python3 labs/tool/lab.py
.PHONY: lab grade grade-all
lab:
	@$(LAB_TOOL) skeleton $(LAB) $(or $(DIR),$(B)/labs/$(LAB)) $(if $(FORCE),--force)
grade:
	@$(LAB_TOOL) grade $(LAB) $(DIR) $(if $(RESULTS),--results $(RESULTS))
grade-all:
	@$(LAB_TOOL) grade-all $(LAB) $(SUBMISSIONS) $(if $(CSV),--csv $(CSV))
test-labs: all
	$(LAB_TOOL) check

.PHONY: bench
bench: $(B)/creasy programs cms cp
	bench/run.sh $(B)

# ---- running -------------------------------------------------------------------------------
.PHONY: run run-nested property
run: $(B)/creasy cp
	$(B)/creasy

# CP under CP, ready to go (docs/nesting.md)
run-nested: $(B)/creasy cp
	$(B)/creasy --system nested

.PHONY: clean
clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
