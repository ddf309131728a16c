/* examples/toytask.h - a generated classification task that needs attention.

   Sequences of T tokens: [CLS] (id 0), then T-1 tokens drawn from the distractors
   3..V-1, except that one position holds A (id 1) and another holds B (id 2).
   Label: 1 when A comes before B. No single token and no bag of tokens tells the
   answer; the model has to compare the positions of two tokens anywhere in the
   sequence, which is what attention is for. Used by tests/test_learn.c and
   tests/test_method.c. */
#ifndef PRUNE_TOYTASK_H
#define PRUNE_TOYTASK_H
#include <stdint.h>

enum { TOY_CLS = 0, TOY_A = 1, TOY_B = 2 };

/* a 64-bit LCG, high bits out: enough for generating data, and reproducible */
static uint32_t toy_next(uint64_t *s) {
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(*s >> 33);
}

/* writes one example into ids[0..T-1] (T >= 3, V >= 4) and returns its label */
static int32_t toy_example(uint64_t *s, int32_t *ids, int T, int V) {
    int pa = 1 + (int)(toy_next(s) % (uint32_t)(T - 1)), pb, t;
    do pb = 1 + (int)(toy_next(s) % (uint32_t)(T - 1)); while (pb == pa);
    ids[0] = TOY_CLS;
    for (t = 1; t < T; t++) ids[t] = 3 + (int32_t)(toy_next(s) % (uint32_t)(V - 3));
    ids[pa] = TOY_A;
    ids[pb] = TOY_B;
    return pa < pb;
}
#endif
