//===- ModelInterface.h - the compiled model's C interface ------*- C++ -*-===//
//
// What a compiled model exports besides its code: shape and weight constants
// (see runtime/common/densenet_model_abi.h), the `<prefix>_run` convenience entry
// for libraries, a shared library's contexts, and the C header that declares
// them.
//
//===----------------------------------------------------------------------===//

#ifndef DENSENET_DRIVER_MODELINTERFACE_H
#define DENSENET_DRIVER_MODELINTERFACE_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir::densenet {

struct ModelInterface {
  std::string name;         ///< The model's name, e.g. "densenet121".
  std::string symbolPrefix; ///< Prefix of every exported symbol.
  SmallVector<int64_t, 4> inputShape;  ///< N, C, H, W
  SmallVector<int64_t, 2> outputShape; ///< N, classes
  uint64_t weightsBytes = 0;
  uint64_t arenaBytes = 0;
  bool weightsEmbedded = true;
  /// The batch runs image by image through `imageForwardSymbol`, so that a
  /// host library's `<prefix>_run` runs several images at once.
  bool imageByImage = false;
  /// A `--emit=shared` library: the header also declares the contexts
  /// (`<prefix>_init`, `_infer`, `_teardown`) and `_set_threads`.
  bool sharedLibrary = false;
  /// Device memory the model's `<prefix>_run` allocates on a GPU (weights,
  /// arena, input and output); 0 for a model that runs on the host.
  uint64_t deviceBytes = 0;
  /// What a library's users must link besides it (the target's runtime
  /// needs), for the header's comment.
  std::string linkNote;

  std::string forwardSymbol() const { return symbolPrefix + "_forward"; }
  /// The one-image forward function that `forwardSymbol` calls per image
  /// when a batch runs image by image.
  std::string imageForwardSymbol() const { return forwardSymbol() + "_image"; }
  std::string weightsSymbol() const { return symbolPrefix + "_weights_data"; }
  std::string arenaSymbol() const { return symbolPrefix + "_arena"; }

  /// The symbols a `--emit=shared` library exports: the interface globals,
  /// `_forward`, `_run`, the context functions and `_set_threads`.
  std::vector<std::string> sharedLibrarySymbols() const;
};

/// The number of elements of a tensor of `shape`.
int64_t elementCount(ArrayRef<int64_t> shape);

/// Reads the input and output shapes off `func.func @forward`.
llvm::Error readEntryShapes(ModuleOp module, ModelInterface &interface);

/// Adds `<prefix>_input_shape`, `_output_shape`, `_name`,
/// `_weights_embedded`, `_weights_bytes` and `_arena_bytes`.
void addInterfaceGlobals(llvm::Module &module,
                         const ModelInterface &interface);

/// Adds `<prefix>_run(const float *in, float *out)`. On the host: `void`,
/// calling the forward function with the embedded weights and a static arena
/// `<prefix>_arena` (one per image of a batch that runs image by image,
/// through the runtime's dn_run_image_batch). On a GPU (`deviceBytes` set):
/// `int`, calling the CUDA runtime's dn_cuda_run_model with a
/// `<prefix>_cuda_model` descriptor (runtime/cuda/cuda_session.h), which
/// prepares the GPU on the first call.
void addRunFunction(llvm::Module &module, const ModelInterface &interface);

/// Adds a shared library's `<prefix>_init`, `_infer`, `_teardown` (on the
/// runtime's contexts, runtime/cpu/model_context.h) and `_set_threads` (the
/// library's thread pool, runtime/cpu/thread_pool.h).
void addContextFunctions(llvm::Module &module,
                         const ModelInterface &interface);

/// The C header of a `--emit=lib` or `--emit=shared` library.
std::string renderLibraryHeader(const ModelInterface &interface);

/// Adds `<prefix>_forward(weights, arena, in, out)` for `interface`'s batch:
/// `<prefix>_forward_image` on each image in turn, in the same arena.
void addImageLoopForward(llvm::Module &module,
                         const ModelInterface &interface);

} // namespace mlir::densenet

#endif // DENSENET_DRIVER_MODELINTERFACE_H
