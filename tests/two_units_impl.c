/* The one translation unit of tests/test_two_units that holds the implementation. */
#define PRUNE_IMPLEMENTATION
#include "../prune.h"
