// Generates samples/data/shapes/<class>/NNN.png: 10 classes × 60 coloured shapes on 32×32 RGB
// backgrounds, for samples/cnn.mlab. Deterministic (a seeded generator, no time stamps), so
// running it again rewrites the same bytes. Every shape is symmetric left-right, so the sample's
// `augment: flip` keeps labels true. Colours are drawn independently of the class: the network
// has to learn the shape. Backgrounds are smooth gradients (no pixel noise) so the PNGs stay small.
//   node scripts/make-shapes.mjs [PER_CLASS]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const OUT = new URL('../samples/data/shapes/', import.meta.url).pathname;
const PER_CLASS = Number(process.argv[2] ?? 60);
const S = 32;

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Inside tests in shape coordinates: u, v in [-1, 1] (v down), r = 1 is the shape's half size.
const SHAPES = {
  circle: (u, v) => u * u + v * v <= 1,
  ring: (u, v) => {
    const d = u * u + v * v;
    return d <= 1 && d >= 0.4;
  },
  square: (u, v) => Math.abs(u) <= 0.85 && Math.abs(v) <= 0.85,
  frame: (u, v) => Math.max(Math.abs(u), Math.abs(v)) <= 0.9 && Math.max(Math.abs(u), Math.abs(v)) >= 0.55,
  triangle: (u, v) => v <= 0.8 && Math.abs(u) <= (v + 1) * 0.55,
  diamond: (u, v) => Math.abs(u) + Math.abs(v) <= 1,
  plus: (u, v) => (Math.abs(u) <= 0.3 && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3 && Math.abs(u) <= 1),
  cross: (u, v) => Math.abs(u) <= 1 && Math.abs(v) <= 1 && (Math.abs(u - v) <= 0.4 || Math.abs(u + v) <= 0.4),
  hbar: (u, v) => Math.abs(u) <= 1 && Math.abs(v) <= 0.3,
  vbar: (u, v) => Math.abs(u) <= 0.3 && Math.abs(v) <= 1,
};

const rnd = mulberry32(20240611);
const hsv = (h, s, v) => {
  const f = (n) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)].map((c) => Math.round(c * 255));
};

rmSync(OUT, { recursive: true, force: true });
let bytes = 0;
for (const [name, inside] of Object.entries(SHAPES)) {
  mkdirSync(join(OUT, name), { recursive: true });
  for (let i = 0; i < PER_CLASS; i++) {
    const fg = hsv(rnd(), 0.6 + 0.4 * rnd(), 0.75 + 0.25 * rnd());
    const bg0 = hsv(rnd(), 0.5 * rnd(), 0.1 + 0.3 * rnd()),
      bg1 = hsv(rnd(), 0.5 * rnd(), 0.1 + 0.3 * rnd());
    const half = 6 + 6 * rnd(),
      cx = 16 + (rnd() * 2 - 1) * (15 - half),
      cy = 16 + (rnd() * 2 - 1) * (15 - half);
    const png = new PNG({ width: S, height: S, colorType: 2 });
    for (let y = 0; y < S; y++) {
      for (let x = 0; x < S; x++) {
        let cover = 0; // 3×3 supersampling for smooth edges
        for (let sy = 0; sy < 3; sy++)
          for (let sx = 0; sx < 3; sx++) cover += inside((x + (sx + 0.5) / 3 - cx) / half, (y + (sy + 0.5) / 3 - cy) / half) ? 1 : 0;
        const a = cover / 9,
          t = (x + y) / (2 * S - 2),
          o = (y * S + x) * 4;
        for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(a * fg[c] + (1 - a) * (bg0[c] * (1 - t) + bg1[c] * t));
        png.data[o + 3] = 255;
      }
    }
    const file = PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
    bytes += file.length;
    writeFileSync(join(OUT, name, `${String(i).padStart(3, '0')}.png`), file);
  }
}
console.log(`${Object.keys(SHAPES).length} classes × ${PER_CLASS} images, ${(bytes / 1024).toFixed(0)} KiB in ${OUT}`);
