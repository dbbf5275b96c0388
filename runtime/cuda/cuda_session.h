/* cuda_session.h: one compiled model prepared on one NVIDIA GPU: its
 * module loaded, one device allocation (weights, arena, input, output), the
 * weights copied once, one forward pass captured into a CUDA graph that each
 * run replays. The executable's target (cuda_target.c) and the <prefix>_run
 * entry of a --emit=lib library both run models through it. */
#ifndef DENSENET_RUNTIME_CUDA_SESSION_H
#define DENSENET_RUNTIME_CUDA_SESSION_H

#include <stddef.h>
#include <stdint.h>

/* What the runtime needs to know of a compiled model. Its layout is part
 * of the ABI: densenetc emits it for --emit=lib (ModelInterface.cpp). */
typedef struct {
  /* The model's forward function (device pointers, launches on the stream
   * of mgpuStreamCreate). */
  void (*forward)(const void *weights, void *arena, const float *input,
                  float *output);
  const void *weights; /* the weight blob, host memory */
  int64_t weights_bytes;
  int64_t arena_bytes;
  int64_t input_count;  /* floats */
  int64_t output_count; /* floats */
} dn_cuda_model;

typedef struct dn_cuda_session dn_cuda_session;

/* Bytes of the one device allocation of `model`. */
size_t dn_cuda_device_bytes(const dn_cuda_model *model);

/* Alignment of each part of the device allocation. */
#define DN_CUDA_ALIGNMENT 256

/* Prepares `model` on GPU `ordinal`. Returns NULL after an error message. */
dn_cuda_session *dn_cuda_session_open(const dn_cuda_model *model, int ordinal);

/* Runs the model once on host buffers: copies `input` in, replays the graph,
 * copies the result into `output`. With `ms` not NULL, stores the replay's
 * time measured with CUDA events. Returns 0, or -1 after an error. */
int dn_cuda_session_run(dn_cuda_session *session, const float *input,
                        float *output, double *ms);

/* Releases everything; NULL is ignored. Returns 0, or -1 if a release
 * failed (after an error message). */
int dn_cuda_session_close(dn_cuda_session *session);

/* The <prefix>_run entry of a --emit=lib library: opens `*session` on GPU 0
 * on the first call, then runs the model. Not reentrant. Returns 0, or -1
 * after an error message on stderr. */
int dn_cuda_run_model(const dn_cuda_model *model, dn_cuda_session **session,
                      const float *input, float *output);

#endif /* DENSENET_RUNTIME_CUDA_SESSION_H */
