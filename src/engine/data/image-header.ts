// An image's width and height read from its header (PNG IHDR, JPEG SOFn), so an image too large to
// decode safely is refused before any pixel is decoded: a 16384×16384 PNG of a few KB inflates to 1 GB.

/** The most pixels one image may have: 4096 × 4096 (64 MB as RGBA). Documented in docs/data.md. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);

/** The size a PNG or JPEG header states; null when the header cannot be read (the decoder then says why). */
export function imageSize(b: Uint8Array): ImageSize | null {
  if (
    b.length >= 24 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    String.fromCharCode(...b.subarray(12, 16)) === 'IHDR'
  ) {
    return { width: u32(b, 16), height: u32(b, 20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return null;
}

// Start-of-frame markers (baseline, progressive, lossless, arithmetic); C4, C8 and CC are not frames.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array): ImageSize | null {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    } // fill byte
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2;
      continue;
    } // no length
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame
    const len = u16(b, i + 2);
    if (SOF.has(marker)) return i + 9 <= b.length ? { width: u16(b, i + 7), height: u16(b, i + 5) } : null;
    if (len < 2) return null;
    i += 2 + len;
  }
  return null;
}

/** Why an image of this size is refused, or null when it may be decoded. */
export function tooLarge(size: ImageSize | null): string | null {
  if (!size || size.width * size.height <= MAX_IMAGE_PIXELS) return null;
  return `${size.width}×${size.height} pixels is more than the ${MAX_IMAGE_PIXELS.toLocaleString('en')} (4096×4096) an image may have; scale it down first`;
}
