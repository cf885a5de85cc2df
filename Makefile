# creasy: one flat Makefile.
#
#   make run     boot the default system into the operator console
#   make test    build everything and run every test
#   make bench   benchmarks (never timed tests): creasy against Hercules
#   make deps    install the Debian packages (every target depends on it)
#
# Host code builds with cc; guest code (CP, CMS, programs) with the s390x
# cross compiler in 31-bit ESA mode. Generated tables come from spec.yaml.

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
SHELL := /bin/bash

B := build
G := $(B)/gen

# ---- host ------------------------------------------------------------------
# clang: its musttail makes threaded dispatch a guarantee (isa/exec.h)
CC := clang
OPT ?= -O2
HOST_CFLAGS := -std=gnu11 $(OPT) -gdwarf-4 -Wall -Wextra -Werror -Wno-unused-parameter \
               -Wshadow -Wstrict-prototypes -Wmissing-prototypes -MMD -MP \
               -Iisa -Imachine -I$(G) $(EXTRA_CFLAGS)
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HOST_LIBS := -lyaml -lreadline -lm

# ---- guest ---------------------------------------------------------------------
GUEST_CC := s390x-linux-gnu-gcc
GUEST_LD := s390x-linux-gnu-ld
GUEST_CFLAGS := -m31 -march=z900 -O2 -ffreestanding -nostdlib -fno-pic -fno-pie \
                -msoft-float -fno-stack-protector -fno-asynchronous-unwind-tables \
                -fno-unwind-tables -mno-backchain -fexec-charset=IBM1047 \
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

$(B)/gen_tables: isa/gen_tables.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) -std=gnu11 $(OPT) -gdwarf-4 -Wall -Wextra -Werror -o $@ $< -lyaml

# "file:line name" for every DEF_INSN(name): the generator checks them
$(G)/handlers.txt: $(EXEC_SRCS) | $(DEPS)
	@mkdir -p $(@D)
	@grep -Hn '^DEF_INSN(' $(EXEC_SRCS) | sed -E 's/^([^:]+:[0-9]+):DEF_INSN\(([a-z0-9_]+)\).*/\1 \2/' > $@

$(G)/isa_tables.h: spec.yaml $(B)/gen_tables $(G)/handlers.txt
	@mkdir -p $(@D)
	$(B)/gen_tables spec.yaml $(G) --handlers $(G)/handlers.txt
$(G)/isa_tables.c $(G)/arch.h: $(G)/isa_tables.h

# ---- the simulator ---------------------------------------------------------------------
MACHINE_SRCS := $(filter-out machine/main.c,$(wildcard machine/*.c))
ISA_SRCS := $(filter-out isa/gen_tables.c,$(wildcard isa/*.c))
CORE_SRCS := $(MACHINE_SRCS) $(ISA_SRCS) $(G)/isa_tables.c
CORE_OBJS := $(patsubst %.c,$(B)/obj/%.o,$(CORE_SRCS:$(G)/%=gen/%))
SAN_OBJS := $(patsubst %.c,$(B)/san/%.o,$(CORE_SRCS:$(G)/%=gen/%))

$(B)/obj/gen/%.o: $(G)/%.c $(GEN_OUT)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<
$(B)/obj/%.o: %.c $(GEN_OUT)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<
$(B)/san/gen/%.o: $(G)/%.c $(GEN_OUT)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c -o $@ $<
$(B)/san/%.o: %.c $(GEN_OUT)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(B)/creasy: $(CORE_OBJS) $(B)/obj/machine/main.o
	$(CC) $(OPT) -gdwarf-4 -o $@ $^ $(HOST_LIBS)
$(B)/creasy-san: $(SAN_OBJS) $(B)/san/machine/main.o
	$(CC) $(SAN_FLAGS) -g -o $@ $^ $(HOST_LIBS)

.PHONY: all
all: $(B)/creasy

.PHONY: clean
clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
