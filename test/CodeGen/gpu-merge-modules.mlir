// RUN: densenet-opt %s --densenet-gpu-merge-modules | FileCheck %s

// Outlining puts each kernel in its own gpu.module, named after the
// function; the pass gathers them into the first module, renames the kernel
// whose name is taken, and retargets its launch.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       gpu.module @forward_kernel {
// CHECK:         gpu.func @forward_kernel() kernel
// CHECK:         gpu.func @[[RENAMED:forward_kernel_[0-9]+]]() kernel
// CHECK:       }
// CHECK-NOT:   gpu.module
// CHECK:       func.func @forward
// CHECK:         gpu.launch_func @forward_kernel::@forward_kernel
// CHECK:         gpu.launch_func @forward_kernel::@[[RENAMED]]
module attributes {gpu.container_module} {
  gpu.module @forward_kernel {
    gpu.func @forward_kernel() kernel {
      gpu.return
    }
  }
  gpu.module @forward_kernel_0 {
    gpu.func @forward_kernel() kernel {
      gpu.return
    }
  }
  func.func @forward() {
    %c1 = arith.constant 1 : index
    gpu.launch_func @forward_kernel::@forward_kernel
        blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    gpu.launch_func @forward_kernel_0::@forward_kernel
        blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
    return
  }
}
