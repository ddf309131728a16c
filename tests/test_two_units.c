/* tests/test_two_units.c - the header in a translation unit without the
   implementation (linked against tests/two_units_impl.c): only declarations here,
   and every public name resolves at link time. */
#include "../prune.h"
#include "test.h"

int main(void) {
    prune_model m;
    prune_model_desc d;
    prune_error err;
    int32_t ids[4] = {0, 5, 6, 7}, lens[1] = {4}, labels[1] = {1};
    prune_batch b;
    int rc;
    memset(&d, 0, sizeof d);
    d.config = prune_config_defaults();
    d.config.vocab_size = 10; d.config.hidden = 8; d.config.heads = 2; d.config.layers = 1; d.config.max_pos = 4;
    d.max_batch = 1; d.training = 1; d.threads = 1;
    rc = prune_model_create(&m, &d, &err);
    CHECK(rc == PRUNE_OK, "create through the other unit (%s)", rc ? err.msg : "ok");
    if (rc) return 1;
    prune_model_init_weights(&m, 1, 0);
    b.B = 1; b.T = 4; b.ids = ids; b.types = NULL; b.lens = lens; b.labels = labels;
    CHECK(prune_forward(&m, &b, 0, &err) == PRUNE_OK && m.loss > 0, "forward through the other unit, loss %.4f", m.loss);
    CHECK(strcmp(prune_status_name(PRUNE_EFORMAT), "malformed input") == 0, "status names");
    prune_model_free(&m);
    return TEST_END();
}
