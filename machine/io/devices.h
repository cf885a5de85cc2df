/* devices.h: the unit-record and DASD devices, one file each behind
 * `struct dev_ops` (channel.h), and what the channel program sees of them.
 * The console typewriter is dev_3215.h.
 *
 * Every device answers 03 no-op, 04 sense and E4 sense ID. A command it
 * does not know gets unit check with sense byte 0 = command reject. Data
 * addressing, protection, chaining, SKIP and incorrect length are the
 * channel's (channel.c); a device only moves bytes through struct io and
 * returns unit status. Host files are opened when the device is made; an
 * I/O error on the host file is an equipment check (unit check, sense
 * X'10'), never a host crash.
 *
 * 2540 reader (dev_reader.c)
 *   02 read        one 80-byte card. A text deck is a host file of lines,
 *                  each translated to EBCDIC and blank-padded or cut to
 *                  80 columns; a binary deck is raw 80-byte records.
 *                  After the last card: unit exception, and the hopper
 *                  is empty from then on. No deck: unit check, sense
 *                  X'40' (intervention required).
 *   sense ID       FF 2540 01
 *
 * 2540 punch (dev_punch.c)
 *   01 write       one card: up to 80 bytes (fewer are blank-padded).
 *                  Text decks get a line per card, trailing blanks
 *                  dropped; binary decks get the 80 bytes.
 *   sense ID       FF 2540 02
 *
 * 1403 printer (dev_1403.c): 132 print positions; host output is a text
 * file, lines translated to ASCII with trailing blanks dropped.
 *   01 write, no space after;  09 / 11 / 19 write, then space 1 / 2 / 3;
 *   89 write, then skip to channel 1 (a new page: form feed)
 *   0B / 13 / 1B space 1 / 2 / 3 now;  8B skip to channel 1 now
 *   More than 132 bytes: the first 132 print (the channel reports
 *   incorrect length unless SLI). Other carriage-control codes (skips to
 *   channels 2-12) are rejected. In the host file, spacing is newlines,
 *   a skip is a form feed, and an overprint (a write after a write with
 *   no space) is a carriage return.
 *   sense ID       FF 1403 01
 *
 * FBA DASD (dev_fba.c): 512-byte blocks in an image file whose size is a
 * multiple of 512. The channel program names blocks relative to an
 * extent it defines first, and the device confines it to that extent.
 *   63 define extent  16 bytes: +0 mask (X'40' inhibits writes), +1..3
 *                  zero, +4 origin (the extent's first block on the
 *                  device), +8 first and +12 last block number, relative
 *                  to the origin. It must lie on the device; only one per
 *                  chain.
 *   43 locate      8 bytes: +0 operation (X'01' write, X'06' read),
 *                  +1 zero, +2 block count (halfword), +4 first block,
 *                  relative to the origin. The blocks must lie inside the
 *                  extent. Needs a define extent earlier in the chain.
 *   42 read / 41 write  the located blocks' data; needs a locate of the
 *                  same kind, and uses it up (the next read or write
 *                  needs a new locate); the CCW count (with data
 *                  chaining) should be count * 512. A shorter count
 *                  moves what it allows (a short last block written is
 *                  zero-padded); the channel reports incorrect length
 *                  unless SLI.
 *   02 read IPL    reads from block 0 onwards as far as the count goes
 *                  (IPL: see cms/fs.h for the IPL record); no define
 *                  extent needed, and no incorrect length unless the
 *                  count runs past the end of the device.
 *   64 read device characteristics  32 bytes: +0 X'30' operation modes,
 *                  +1 X'08' features, +2 X'21' class (FBA), +3 X'01'
 *                  type, +4 block size (halfword, 512), +6 blocks per
 *                  cyclical group, +10 blocks per access position,
 *                  +14 blocks on the device (fullword), rest zero.
 *   sense ID       FF 3880 01 3370 00 (7 bytes)
 *   sense          24 bytes; byte 0 as above, byte 1: X'04' write
 *                  inhibited (a write to a read-only image, or one the
 *                  extent's mask inhibits), X'08' out of extent (a block
 *                  outside the extent or the device), X'20' no define
 *                  extent / locate before the command; bytes 4..7 the
 *                  block number involved (a device block number).
 *   Every error above is unit check with that sense, and nothing is
 *   written. Byte 0 is X'80' command reject for all of them (with byte 1
 *   zero for a malformed parameter: a short one, nonzero reserved bytes,
 *   a mask bit other than X'40', first > last, a second define extent in
 *   the chain, a locate count of zero or an unknown operation), X'10'
 *   equipment check for a host I/O error. A write-inhibited locate is
 *   rejected at the locate. A read-only image is opened read-only on the
 *   host. Define extent and locate last for one channel program: SIO
 *   and IPL start afresh (dev_ops.begin_chain).
 */
#ifndef CREASY_DEVICES_H
#define CREASY_DEVICES_H

#include <stdio.h>

#include "channel.h"

/* Constructors return NULL with a one-line reason in `err` (a file that
 * cannot be opened, an image whose size is not a multiple of 512...). */

/* `path` NULL: an empty hopper until reader_load(). */
struct device *reader_new(u16 addr, const char *path, bool binary, char *err, size_t errlen);
/* Replace the deck (0); -1 with the old deck kept, or if `d` is no reader.
 * An empty hopper made ready presents device end on `m` (NULL: none yet). */
int reader_load(struct machine *m, struct device *d, const char *path, bool binary, char *err, size_t errlen);
struct device *punch_new(u16 addr, const char *path, bool binary, char *err, size_t errlen);
struct device *printer_new(u16 addr, const char *path, char *err, size_t errlen);
/* `create_blocks` > 0: make a zeroed image of that many blocks if `path`
 * does not exist (never touches an existing one). */
struct device *fba_new(u16 addr, const char *path, bool readonly, u32 create_blocks, char *err, size_t errlen);
u32 fba_blocks(const struct device *d);

/* One line for the operator: the backing file and its state. Each takes
 * only its own kind of device (d->ops->type "2540R", "2540P", "1403",
 * "FBA"). */
void reader_describe(const struct device *d, char *buf, size_t len);
void punch_describe(const struct device *d, char *buf, size_t len);
void printer_describe(const struct device *d, char *buf, size_t len);
void fba_describe(const struct device *d, char *buf, size_t len);

#endif
