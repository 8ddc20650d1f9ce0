// FP32 peaks (dense, non-tensor-core, boost clock; vendors' datasheets) of GPUs the WebGPU bench
// may meet, matched by the adapter's description/device name. A gemm rate is printed as a
// fraction of the peak where the adapter is in the table, else "peak unknown".

export interface Peak {
  readonly name: string;
  /** FP32 TFLOP/s. */
  readonly tflops: number;
}

// More specific patterns first (an "H100 PCIe" must not match the SXM row).
const PEAKS: readonly (readonly [RegExp, Peak])[] = [
  [/H200/i, { name: 'NVIDIA H200 (SXM)', tflops: 67 }],
  [/H100.*PCIe/i, { name: 'NVIDIA H100 PCIe', tflops: 51 }],
  [/H100.*NVL/i, { name: 'NVIDIA H100 NVL', tflops: 60 }],
  [/H100/i, { name: 'NVIDIA H100 SXM', tflops: 67 }],
  [/A100/i, { name: 'NVIDIA A100', tflops: 19.5 }],
  [/L40S/i, { name: 'NVIDIA L40S', tflops: 91.6 }],
  [/\bL4\b/i, { name: 'NVIDIA L4', tflops: 30.3 }],
  [/A10G/i, { name: 'NVIDIA A10G', tflops: 31.2 }],
  [/\bA10\b/i, { name: 'NVIDIA A10', tflops: 31.2 }],
  [/\bT4\b/i, { name: 'NVIDIA T4', tflops: 8.1 }],
  [/V100/i, { name: 'NVIDIA V100 (SXM2)', tflops: 15.7 }],
  [/RTX 4090/i, { name: 'NVIDIA RTX 4090', tflops: 82.6 }],
  [/RTX 3090/i, { name: 'NVIDIA RTX 3090', tflops: 35.6 }],
  [/MI300X/i, { name: 'AMD Instinct MI300X', tflops: 163.4 }],
  [/MI250X/i, { name: 'AMD Instinct MI250X', tflops: 47.9 }],
  [/Apple M1 Max/i, { name: 'Apple M1 Max (32-core GPU)', tflops: 10.4 }],
  [/Apple M2 Max/i, { name: 'Apple M2 Max (38-core GPU)', tflops: 13.6 }],
  [/Apple M1/i, { name: 'Apple M1 (8-core GPU)', tflops: 2.6 }],
];

/** The adapter's FP32 peak, or null when its name is not in the table. */
export function peakOf(info: { vendor: string; architecture: string; device: string; description: string }): Peak | null {
  const name = `${info.description} ${info.device} ${info.vendor} ${info.architecture}`;
  return PEAKS.find(([re]) => re.test(name))?.[1] ?? null;
}

/** "16.2 % of NVIDIA H100 SXM's 67 TFLOP/s", or "peak unknown". */
export function ofPeak(gflops: number, peak: Peak | null): string {
  return peak ? `${((gflops / (peak.tflops * 1000)) * 100).toFixed(1)} % of ${peak.name}'s ${peak.tflops} TFLOP/s` : 'peak unknown';
}
