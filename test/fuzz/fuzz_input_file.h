/* fuzz_input_file.h: hands a fuzz input to a reader that opens files by
 * path. Each input is written to one file in a private temporary directory,
 * created on first use and removed at exit. */
#ifndef DENSENET_TEST_FUZZ_INPUT_FILE_H
#define DENSENET_TEST_FUZZ_INPUT_FILE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Replaces the contents of the file `name` (a plain file name such as
 * "model.onnx") in the fuzzer's directory with `data` and returns its path.
 * Aborts when the file cannot be written: that is a broken machine, not a
 * finding. */
const char *dn_fuzz_write_input(const char *name, const uint8_t *data,
                                size_t size);

#ifdef __cplusplus
}
#endif

#endif /* DENSENET_TEST_FUZZ_INPUT_FILE_H */
