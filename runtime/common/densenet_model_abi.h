/* densenet_model_abi.h: the symbols a compiled model object file defines.
 *
 * densenetc compiles a DenseNet into one object file that defines the
 * symbols below (the last one only where it says so); the runtime of its target provides main() and
 * everything else. The two are linked into one standalone executable:
 *
 *     cc model.o libdensenet_runtime_cpu.a -lm -o OUT          (--target=cpu)
 *     cc model.o libdensenet_runtime_cuda.a -ldl -lm -o OUT    (--target=cuda)
 *
 * Tensors are float32, dense, C order. The input is NCHW; the output holds
 * the logits, [N, classes]. The runtime allocates both buffers and never
 * shares them between calls' inputs and outputs: in host memory (64-byte
 * aligned) for the CPU, in device memory (256-byte aligned) for CUDA.
 *
 * CUDA variant: the same symbols, but densenet_model_forward's four pointers
 * are DEVICE addresses (CUdeviceptr values cast to pointers) and it only
 * enqueues the model's kernels on a stream; it also calls the host functions
 * mgpuModuleLoad/Unload (from its global constructor and destructor),
 * mgpuModuleGetFunction, mgpuLaunchKernel and mgpuStream*, which the CUDA
 * runtime defines (runtime/cuda/cuda_module.h). The runtime calls it once,
 * capturing the kernels into a CUDA graph that each run replays.
 */
#ifndef DENSENET_MODEL_ABI_H
#define DENSENET_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Input shape: N, C, H, W (float32, NCHW). Every dimension is > 0. */
extern const int64_t densenet_model_input_shape[4];

/* Output shape: N, classes (float32 logits). N equals the input's N. */
extern const int64_t densenet_model_output_shape[2];

/* NUL-terminated model name, e.g. "densenet121". */
extern const char densenet_model_name[];

/* 1: the weight blob is densenet_model_weights_data, inside the object.
 * 0: the weight blob is an external file, by default the executable's path
 *    with ".weights" appended, after a 64-byte header (the magic "DNWEIGHT",
 *    then the blob's size as a little-endian uint64); the runtime maps it
 *    read-only and checks the header. */
extern const uint8_t densenet_model_weights_embedded;

/* The weight blob when embedded (should be 64-byte aligned); a 1-byte dummy
 * when the weights are external. */
extern const uint8_t densenet_model_weights_data[];

/* Size in bytes of the weight blob, embedded or external. */
extern const int64_t densenet_model_weights_bytes;

/* Size in bytes of the arena that holds every intermediate buffer; the
 * compiler planned each buffer's offset in it statically. */
extern const int64_t densenet_model_arena_bytes;

/* Runs the model once. `weights` is the weight blob (embedded data or the
 * mapped file), `arena` is 64-byte-aligned scratch memory of
 * densenet_model_arena_bytes bytes (its contents need not be preserved),
 * `input` holds N*C*H*W floats, and `output` receives N*classes floats.
 * Single-threaded; reads no global mutable state. For CUDA all four are
 * device addresses (the weights a device copy of the blob) and the call
 * enqueues the forward pass rather than running it (see above). */
void densenet_model_forward(const void *weights, void *arena,
                            const float *input, float *output);

/* CPU, and only where densenetc compiled a batch N > 1 image by image (the
 * model for one image, which densenet_model_forward runs N times through
 * one arena): that one-image model. `input` holds C*H*W floats, `output`
 * receives `classes` floats, and the arena is densenet_model_arena_bytes
 * bytes as above. Calls in distinct arenas may run at once. Other objects
 * do not define it (the runtime declares it weak). */
void densenet_model_forward_image(const void *weights, void *arena,
                                  const float *input, float *output);

#ifdef __cplusplus
}
#endif

#endif /* DENSENET_MODEL_ABI_H */
