/* tests/fixture.h - reader for the fixture files written by the scripts in tests/reference
   (format in tests/reference/LAYOUT.md): magic "PRUNEFX1", u32 count, then per
   tensor u32 name length, name, u32 ndim, ndim u32 dims, f64 values. Every length is
   checked against the bytes that are really there. */
#ifndef PRUNE_FIXTURE_H
#define PRUNE_FIXTURE_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fx_tensor { char name[64]; int ndim; int dims[4]; size_t n; double *v; } fx_tensor;
typedef struct fixture { int count; fx_tensor *t; } fixture;

static uint32_t fx__u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fixture_free(fixture *f) {
    int i;
    for (i = 0; i < f->count; i++) free(f->t[i].v);
    free(f->t);
    memset(f, 0, sizeof *f);
}

/* 0 on success; on failure prints why (file and byte offset) and returns -1 */
static int fixture_load(fixture *f, const char *path) {
    FILE *fp = fopen(path, "rb");
    unsigned char *buf;
    long size;
    size_t pos = 12;
    int i;
    memset(f, 0, sizeof *f);
    if (!fp) { fprintf(stderr, "%s: cannot open\n", path); return -1; }
    fseek(fp, 0, SEEK_END);
    size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = (unsigned char *)malloc(size > 0 ? (size_t)size : 1);
    if (!buf || size < 12 || fread(buf, 1, (size_t)size, fp) != (size_t)size || memcmp(buf, "PRUNEFX1", 8) != 0) {
        fprintf(stderr, "%s: not a PRUNEFX1 fixture\n", path);
        free(buf); fclose(fp); return -1;
    }
    fclose(fp);
    f->count = (int)fx__u32(buf + 8);
    f->t = (fx_tensor *)calloc((size_t)f->count, sizeof(fx_tensor));
    for (i = 0; i < f->count; i++) {
        fx_tensor *t = &f->t[i];
        uint32_t nl, d;
        size_t k;
        if (pos + 4 > (size_t)size || (nl = fx__u32(buf + pos)) >= sizeof t->name || pos + 4 + nl + 4 > (size_t)size) goto bad;
        memcpy(t->name, buf + pos + 4, nl);
        pos += 4 + nl;
        t->ndim = (int)fx__u32(buf + pos);
        pos += 4;
        if (t->ndim > 4 || pos + 4u * (size_t)t->ndim > (size_t)size) goto bad;
        t->n = 1;
        for (d = 0; d < (uint32_t)t->ndim; d++) { t->dims[d] = (int)fx__u32(buf + pos); t->n *= (size_t)t->dims[d]; pos += 4; }
        if (t->n > ((size_t)size - pos) / 8) goto bad;
        t->v = (double *)malloc(t->n * sizeof(double) + 1);
        for (k = 0; k < t->n; k++) memcpy(&t->v[k], buf + pos + 8 * k, 8);   /* little-endian hosts */
        pos += 8 * t->n;
    }
    if (pos != (size_t)size) goto bad;
    free(buf);
    return 0;
bad:
    fprintf(stderr, "%s: malformed at byte %lu\n", path, (unsigned long)pos);
    free(buf);
    fixture_free(f);
    return -1;
}

static const fx_tensor *fixture_get(const fixture *f, const char *name) {
    int i;
    for (i = 0; i < f->count; i++)
        if (strcmp(f->t[i].name, name) == 0) return &f->t[i];
    return NULL;
}
#endif
