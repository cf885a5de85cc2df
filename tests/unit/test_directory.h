/* test_directory.h: what the tests of CP's user directory
 * (test_directory_*.c) share: directories built by hand
 * (test_directory_build.c), entry by entry, to encode or to break.
 */
#ifndef CREASY_TEST_DIRECTORY_H
#define CREASY_TEST_DIRECTORY_H

#include <stdint.h>

#include "directory.h"

struct built {
    struct dir_header h;
    struct dir_user u[4];
    struct dir_mdisk m[4];
    struct dir_link l[4];
    struct dir_dedicate d[4];
    struct dir_terminal t[4];
    uint8_t bytes[DIR_HEADER_SIZE + 4 * DIR_USER_SIZE + 4 * DIR_MDISK_SIZE + 4 * DIR_LINK_SIZE +
                  4 * DIR_DEDICATE_SIZE + 4 * DIR_TERMINAL_SIZE];
    uint32_t len;
    char why[DIR_WHY_SIZE];
};

/* An 8-byte EBCDIC userid from ASCII, blank padded. */
void built_ebc_id(const char *s, uint8_t id[8]);
/* An IPL parameter from ASCII, in EBCDIC, zero padded. */
void built_ebc_parm(const char *s, uint8_t parm[DIR_PARM_LEN]);
/* A good directory of four users (test_directory_build.c says which). */
void built_good(struct built *b);
/* Encode b's entries as its header counts them, into b->bytes and b->len. */
void built_encode(struct built *b);

#endif
