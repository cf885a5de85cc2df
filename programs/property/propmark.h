/* propmark.h: the marks of storage a case must never see (the law of
 * resource control, tests/property/README.md). The sentinel VM
 * (sentinel.c) fills its storage with doublewords whose first word is
 * PROP_MARK_SENTINEL; the harness (prop.py) plants PROP_MARK_CP in CP's
 * free real storage before CP starts (CP clears a frame before it hands it
 * out, so a mark a guest meets came from storage CP never gave it). The
 * case runner (propcase.c) counts the words of either mark in what its
 * cases observe and in its whole storage. prop.py reads the values from
 * here, so this is their one definition. */
#ifndef PROPMARK_H
#define PROPMARK_H

#define PROP_MARK_SENTINEL 0xE2C5D5E3u   /* EBCDIC "SENT" */
#define PROP_MARK_CP 0xC3D7D4D2u         /* EBCDIC "CPMK" */

#endif
