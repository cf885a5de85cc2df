/* options.h: parsing numbers and sizes from the command line, the console
 * and configuration files (options.c). */
#ifndef CREASY_OPTIONS_H
#define CREASY_OPTIONS_H

#include "machine.h"

int parse_u64(const char *s, u64 *v);      /* decimal, or 0x hex */
int parse_hex32(const char *s, u32 *v);    /* hex, with or without 0x */
int parse_size(const char *s, u32 *bytes); /* 16M, 512K, 1G, or bytes; 64K..2G, 4K multiple */

#endif
