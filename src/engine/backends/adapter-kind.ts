// Which WebGPU adapters are worth training on.

/**
 * A software adapter (SwiftShader, llvmpipe/lavapipe) emulates a GPU on the CPU: the CPU backend
 * trains faster than it, so `auto` only picks WebGPU for a real GPU.
 */
export function isSoftwareAdapter(info: {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}): boolean {
  return (
    !!info.isFallbackAdapter ||
    /swiftshader|llvmpipe|lavapipe|software/i.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`)
  );
}
