/*
 * Reading BitTorrent metainfo someone else wrote, for checking a download:
 * v1 (BEP 3: one file, or "files" with "path" lists), v2 (BEP 52: "meta
 * version" 2, "file tree", top-level "piece layers") and hybrids of the
 * two (with BEP 47 pad files). On top of bdecode's canonical bencode it
 * checks what the data check relies on: piece length, the number of piece
 * hashes, every piece layer against its pieces root, v1 and v2 describing
 * the same files, and every path component (no "..", no "/", not empty),
 * so a hostile torrent is refused before any file is opened.
 */
#ifndef TORRENT_READ_H
#define TORRENT_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TORRENT_MAX_PIECE_LENGTH (256u << 20)

struct tfile {
	char *path;              /* components joined by '/'; multi-file: below the
				  * torrent's directory; single-file: the name */
	uint64_t length;
	uint64_t offset;         /* where it starts in the piece stream (below) */
	bool pad;                /* BEP 47 pad file: zeros, not on disk */
	bool has_root;           /* v2: pieces root (files that are not empty) */
	unsigned char root[32];
	unsigned char *layer;    /* v2: 32 bytes a piece when longer than a piece, else NULL */
};

/*
 * The piece stream: v1 and hybrid torrents hash the files one after the
 * other (pad files included) in pieces of piece_length. For v2-only
 * torrents, where each file has pieces of its own, the files are laid out
 * the same way with each starting on a piece boundary, so every kind of
 * torrent is checked as one sequence of pieces.
 */
struct torrent_info {
	char *name;
	bool multi;              /* a directory of files, not one file */
	bool v1, v2;
	uint64_t piece_length;
	uint64_t total;          /* length of the piece stream */
	size_t npieces;
	unsigned char *pieces;   /* v1: 20-byte SHA-1s, npieces of them; else NULL */
	struct tfile *files;     /* by offset */
	size_t nfiles;
	unsigned char ih1[20];   /* SHA-1 of the info dict's bytes */
	unsigned char ih2[32];   /* v2: SHA-256 of them */
};
#define TORRENT_INFO_INIT { .name = NULL }

/* Parse and check len bytes of metainfo; what names it in errors. 0, or
 * -1 with an error saying what is wrong and where. Release t either way. */
int torrent_info_parse(const void *buf, size_t len, const char *what, struct torrent_info *t);
void torrent_info_release(struct torrent_info *t);

#endif
