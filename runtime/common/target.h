/* target.h: what each target's part of the runtime (runtime/cpu/,
 * runtime/cuda/) provides to the shared main().
 *
 * An executable links exactly one target part. main() parses the command
 * line, loads the input and the weight blob into host memory, then opens
 * the model on the target once, runs it any number of times and closes it.
 * Every function reports its own errors (diag.h) before failing. */
#ifndef DENSENET_RUNTIME_TARGET_H
#define DENSENET_RUNTIME_TARGET_H

#include <stdio.h>

/* The target's one command-line option, which takes an integer. */
typedef struct {
  const char *name;  /* "--NAME", shown as "--NAME N" in the usage */
  const char *help;  /* its one-line description for --help */
  int default_value; /* used when the option is not given */
  int min_value;     /* 1: positive integers only; 0: 0 is accepted too */
} dn_target_option;

extern const dn_target_option dn_target_option_spec;

/* The model prepared on the target: its scratch memory and whatever the
 * target keeps between runs. */
typedef struct dn_target_model dn_target_model;

/* Prepares the model for runs with the weight blob `weights` (host memory
 * that stays valid until dn_target_close) and `option_value`, the value of
 * the target's option. Returns NULL after an error message. */
dn_target_model *dn_target_open(const void *weights, int option_value);

/* Runs the model once: `input` holds N*C*H*W floats and `output` receives
 * N*classes floats, both host buffers; the output is complete when it
 * returns. Returns 0, or prints an error and returns -1. */
int dn_target_run(dn_target_model *model, const float *input, float *output);

/* dn_target_run that also stores in *ms the latency of the forward pass in
 * milliseconds, measured the way the target measures best (CPU: the wall
 * clock around the call; CUDA: events around the graph launch), for
 * --bench (bench.h). Returns 0, or prints an error and returns -1. */
int dn_target_timed_run(dn_target_model *model, const float *input,
                        float *output, double *ms);

/* Releases everything dn_target_open acquired; NULL is ignored. Returns 0,
 * or prints an error and returns -1 when releasing failed. */
int dn_target_close(dn_target_model *model);

/* Prints the target's lines of --help's model section (each indented by two
 * spaces; none at all is fine). Needs neither the target's hardware nor an
 * opened model. */
void dn_target_print_model(FILE *out);

#endif /* DENSENET_RUNTIME_TARGET_H */
