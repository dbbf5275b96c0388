/* topk.h: softmax, top-k selection and class labels for printing the most
 * probable classes. */
#ifndef DENSENET_RUNTIME_TOPK_H
#define DENSENET_RUNTIME_TOPK_H

#include <stddef.h>

/* Prints the `k` most probable of `classes` logits to stdout, one line each:
 *     rank class_index probability [label]
 * rank counts from 1, probability is the softmax of the logits (%.6f), and
 * the label is line class_index (from 0) of `labels_path` when it is not
 * NULL. k is capped at `classes`; ties go to the lower class index.
 * Returns 0, or prints an error and returns -1. */
int dn_print_topk(const float *logits, size_t classes, size_t k,
                  const char *labels_path);

#endif /* DENSENET_RUNTIME_TOPK_H */
