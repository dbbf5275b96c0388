/* main.c: entry point of a compiled model executable: parses the command
 * line, then loads the input, runs the model on the linked target
 * (target.h) and reports the results. */
#define _POSIX_C_SOURCE 200809L

#include "bench.h"
#include "densenet_model_abi.h"
#include "diag.h"
#include "image.h"
#include "model.h"
#include "npy.h"
#include "target.h"
#include "topk.h"
#include "weights.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DN_RUNTIME_VERSION "0.1.0"

typedef struct {
  const char *input, *output, *labels, *weights;
  int topk, bench;    /* 0 when not given */
  int target_option;  /* the target's default when not given */
} options;

typedef enum { PARSE_RUN, PARSE_EXIT_OK, PARSE_ERROR } parse_result;

static void print_model(FILE *out)
{
  char in[256], res[256], path[4096];
  fprintf(out, "model: %s\n  input:   %s float32 (NCHW)\n  output:  %s "
          "float32 logits\n", densenet_model_name,
          dn_format_shape(in, sizeof(in), densenet_model_input_shape, 4),
          dn_format_shape(res, sizeof(res), densenet_model_output_shape, 2));
  if (densenet_model_weights_embedded)
    fprintf(out, "  weights: embedded (%" PRId64 " bytes)\n",
            densenet_model_weights_bytes);
  else
    fprintf(out, "  weights: external file of %" PRId64 " bytes, default %s\n",
            densenet_model_weights_bytes,
            dn_weights_default_path(path, sizeof(path)) == 0
                ? path : "<executable>.weights");
  dn_target_print_model(out);
}

/* Width of the option names in --help ("--weights PATH" and padding), which
 * a space separates from their descriptions. */
#define HELP_NAME_WIDTH 15

static void print_usage(FILE *out, const char *prog)
{
  fprintf(out,
          "usage: %s [--input PATH] [--output PATH] [--topk K [--labels PATH]]\n"
          "          [--bench N] [%s N] [--weights PATH]\n\n",
          prog, dn_target_option_spec.name);
  fputs(
      "options:\n"
      "  --input PATH    model input: a float32 .npy of exactly the input shape,\n"
      "                  or an image (.png .jpg .jpeg .ppm .pgm .bmp), resized,\n"
      "                  center-cropped and normalized the ImageNet way\n"
      "  --output PATH   write the logits as a float32 .npy file\n"
      "  --topk K        print the K most probable classes of batch item 0 as\n"
      "                  'rank class_index probability [label]'\n"
      "  --labels PATH   class names for --topk, one per line (line i: class i)\n"
      "  --bench N       time N runs after 3 warm-up runs, print latency and\n"
      "                  peak RSS; without --input a synthetic input is used\n",
      out);
  char target_option[64];
  snprintf(target_option, sizeof(target_option), "%s N",
           dn_target_option_spec.name);
  fprintf(out, "  %-*s %s\n", HELP_NAME_WIDTH, target_option,
          dn_target_option_spec.help);
  fputs(
      "  --weights PATH  external weight file (default: the executable's path\n"
      "                  with .weights appended)\n"
      "  --version       print the runtime version and the model name\n"
      "  -h, --help      print this help\n"
      "exit status: 0 on success, 2 on any error\n\n", out);
  print_model(out);
}

/* Matches argv[*i] against option `name`, as "--name VALUE" or
 * "--name=VALUE", and stores VALUE. Returns 1 on a match, 0 if argv[*i] is
 * another option, -1 (after an error) when the value is missing. */
static int match_option(const char *name, int argc, char **argv, int *i,
                        const char **value)
{
  const char *arg = argv[*i];
  size_t len = strlen(name);
  if (strncmp(arg, name, len) != 0 || (arg[len] != '\0' && arg[len] != '='))
    return 0;
  if (arg[len] == '=') {
    *value = arg + len + 1;
    return 1;
  }
  if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0) {
    dn_error("option '%s' needs a value (see --help)", name);
    return -1;
  }
  *value = argv[++*i];
  return 1;
}

/* Parses an integer >= `min` (0 or 1) given to option `name`; NULL text
 * leaves *out as is. */
static int parse_count(const char *name, const char *text, int min, int *out)
{
  if (!text)
    return 0;
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (end == text || *end || errno || value < min || value > INT_MAX) {
    dn_error("option '%s' needs a %s integer, got '%s'", name,
             min > 0 ? "positive" : "non-negative", text);
    return -1;
  }
  *out = (int)value;
  return 0;
}

/* Matches argv[*i] against every option taking a value. Returns 1 on a
 * match, 0 when none matches, -1 on error. */
static int match_any(options *o, const char **counts, int argc, char **argv,
                     int *i)
{
  const struct { const char *name; const char **value; } table[] = {
      {"--input", &o->input},   {"--output", &o->output},
      {"--labels", &o->labels}, {"--weights", &o->weights},
      {"--topk", &counts[0]},   {"--bench", &counts[1]},
      {dn_target_option_spec.name, &counts[2]},
  };
  for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); ++t) {
    int matched = match_option(table[t].name, argc, argv, i, table[t].value);
    if (matched)
      return matched;
  }
  return 0;
}

static parse_result parse_args(int argc, char **argv, options *o)
{
  /* --topk, --bench, the target's option */
  const char *counts[3] = {NULL, NULL, NULL};
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      print_usage(stdout, argv[0]);
      return PARSE_EXIT_OK;
    }
    if (!strcmp(argv[i], "--version")) {
      printf("densenet-runtime %s (model %s)\n", DN_RUNTIME_VERSION,
             densenet_model_name);
      return PARSE_EXIT_OK;
    }
    int matched = match_any(o, counts, argc, argv, &i);
    if (matched < 0)
      return PARSE_ERROR;
    if (!matched) {
      dn_error("%s '%s' (see --help)",
               argv[i][0] == '-' ? "unknown option" : "unexpected argument",
               argv[i]);
      return PARSE_ERROR;
    }
  }
  if (parse_count("--topk", counts[0], 1, &o->topk) != 0 ||
      parse_count("--bench", counts[1], 1, &o->bench) != 0 ||
      parse_count(dn_target_option_spec.name, counts[2],
                  dn_target_option_spec.min_value, &o->target_option) != 0)
    return PARSE_ERROR;
  return PARSE_RUN;
}

/* Rejects option combinations that leave nothing to do. */
static int check_options(const options *o, const char *prog)
{
  if (!o->input && !o->bench) {
    dn_error("nothing to do: give --input or --bench");
    print_usage(stderr, prog);
    return -1;
  }
  if (o->labels && !o->topk) {
    dn_error("--labels needs --topk");
    return -1;
  }
  if (!o->output && !o->topk && !o->bench) {
    dn_error("nothing to do with the result: give --output, --topk or --bench");
    return -1;
  }
  return 0;
}

static int load_input(const char *path, float *input)
{
  if (!path) {
    dn_bench_synthetic_input(input, dn_model_input_count());
    return 0;
  }
  if (dn_image_is_image_path(path))
    return dn_image_load(path, densenet_model_input_shape, input);
  return dn_npy_read_f32(path, densenet_model_input_shape, 4, input);
}

static int execute(const options *o, const void *weights, const float *input,
                   float *output)
{
  dn_target_model *model = dn_target_open(weights, o->target_option);
  if (!model)
    return -1;
  int rc = o->bench ? dn_bench_run(model, input, output, o->bench)
                    : dn_target_run(model, input, output);
  if (dn_target_close(model) != 0)
    rc = -1;
  return rc;
}

static int report(const options *o, const float *output)
{
  if (o->output &&
      dn_npy_write_f32(o->output, densenet_model_output_shape, 2, output) != 0)
    return -1;
  if (o->topk)
    return dn_print_topk(output, (size_t)densenet_model_output_shape[1],
                         (size_t)o->topk, o->labels);
  return 0;
}

static int run(const options *o)
{
  dn_weights weights = {NULL, NULL, 0};
  float *input = dn_alloc_floats(dn_model_input_count());
  float *output = input ? dn_alloc_floats(dn_model_output_count()) : NULL;
  int rc = output ? load_input(o->input, input) : -1;
  if (rc == 0)
    rc = dn_weights_open(&weights, o->weights);
  if (rc == 0)
    rc = execute(o, weights.data, input, output);
  if (rc == 0)
    rc = report(o, output);
  dn_weights_close(&weights);
  free(output);
  free(input);
  return rc;
}

int main(int argc, char **argv)
{
  options o = {NULL, NULL, NULL, NULL, 0, 0,
               dn_target_option_spec.default_value};
  parse_result parsed = parse_args(argc, argv, &o);
  if (parsed != PARSE_RUN)
    return parsed == PARSE_EXIT_OK ? 0 : DN_EXIT_ERROR;
  if (check_options(&o, argv[0]) != 0 || dn_model_check() != 0)
    return DN_EXIT_ERROR;
  int rc = run(&o);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    dn_error("cannot write to standard output: %s", strerror(errno));
    rc = -1;
  }
  return rc == 0 ? 0 : DN_EXIT_ERROR;
}
