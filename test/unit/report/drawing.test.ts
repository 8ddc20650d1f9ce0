// The run report page's drawing arithmetic, without a browser: grid pixels (orientation and
// colours), data-to-pixel mapping, ticks, per-image contrast stretch and the matrix's shading.
import { strict as assert } from 'node:assert';
import { mix, parseColor, strength, type ReportTheme } from '../../../webview/report/colors';
import { shadeStep } from '../../../webview/report/confusion';
import { imagePixels, isImage } from '../../../webview/report/gallery';
import { boundaryPixels, ticks, toPixels, valueRange } from '../../../webview/report/plot-math';

const theme: ReportTheme = {
  background: [0, 0, 0],
  foreground: [255, 255, 255],
  error: [255, 0, 0],
  palette: [
    [0, 0, 200],
    [200, 100, 0],
    [0, 200, 0],
  ],
};
const pixel = (px: Uint8ClampedArray, n: number, row: number, col: number) => [
  ...px.subarray((row * n + col) * 4, (row * n + col) * 4 + 4),
];

describe('run report: drawing', () => {
  it('reads theme colours in the forms VS Code writes them', () => {
    assert.deepEqual(parseColor('#3794ff'), [0x37, 0x94, 0xff]);
    assert.deepEqual(parseColor(' #abc '), [0xaa, 0xbb, 0xcc]);
    assert.deepEqual(parseColor('#11223380'), [0x11, 0x22, 0x33]);
    assert.deepEqual(parseColor('rgba(1, 2, 3, 0.5)'), [1, 2, 3]);
    assert.equal(parseColor('var(--x)'), null);
    assert.deepEqual(mix([0, 0, 0], [200, 100, 50], 0.5), [100, 50, 25]);
  });

  it('fades a class into the background as the model grows unsure', () => {
    assert.equal(strength(1, 3), 0.8);
    assert.equal(strength(1 / 3, 3), 0.12);
    assert.equal(strength(0.5, 2), 0.12);
    assert.ok(strength(0.9, 2) > strength(0.7, 2));
  });

  it('draws grid row 0 (the lowest y) as the bottom row of the image, in the class colour', () => {
    // 2 x 2 grid: row 0 = [class 0 sure, class 1 unsure], row 1 = [class 2 sure, class 0 at chance].
    const b = {
      kind: 'classes' as const,
      n: 2,
      x: [0, 1] as [number, number],
      y: [0, 1] as [number, number],
      predicted: Float32Array.from([0, 1, 2, 0]),
      probability: Float32Array.from([1, 0.6, 1, 1 / 3]),
    };
    const px = boundaryPixels(b, theme, 3);
    assert.deepEqual(pixel(px, 2, 1, 0), [0, 0, 160, 255]); // bottom left: class 0 at strength 0.8
    assert.deepEqual(pixel(px, 2, 0, 0), [0, 160, 0, 255]); // top left: class 2
    assert.deepEqual(pixel(px, 2, 0, 1), [0, 0, 24, 255]); // top right: class 0 at chance, 0.12
    const unsure = strength(0.6, 3);
    assert.deepEqual(pixel(px, 2, 1, 1), [Math.round(200 * unsure), Math.round(100 * unsure), 0, 255]);
  });

  it('maps a regression grid from low (first colour) through the background to high (second)', () => {
    const b = {
      kind: 'values' as const,
      n: 3,
      x: [0, 1] as [number, number],
      y: [0, 1] as [number, number],
      values: Float32Array.from([0, 5, 10, 0, 5, 10, 0, 5, 10]),
    };
    const px = boundaryPixels(b, theme, 0);
    assert.deepEqual(pixel(px, 3, 0, 0), [0, 0, 160, 255]);
    assert.deepEqual(pixel(px, 3, 0, 1), [0, 0, 0, 255]);
    assert.deepEqual(pixel(px, 3, 0, 2), [160, 80, 0, 255]);
    assert.deepEqual(valueRange(Float32Array.from([3, NaN, -1]), Float32Array.from([7])), [-1, 7]);
  });

  it('places data points with y growing upwards', () => {
    const at = toPixels([-1, 1], [0, 10], 200, 30, 8);
    assert.deepEqual(at(-1, 0), [30, 208]);
    assert.deepEqual(at(1, 10), [230, 8]);
    assert.deepEqual(at(0, 5), [130, 108]);
  });

  it('puts round ticks inside the range', () => {
    assert.deepEqual(ticks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(ticks(-2.3, 2.3), [-2, -1, 0, 1, 2]);
    assert.deepEqual(ticks(3, 3), [3]);
  });

  it('stretches each image to its own range, grey or colour', () => {
    // A standardised 1 x 2 x 2 image: -1 -> black, 3 -> white.
    const grey = imagePixels(Float32Array.from([9, -1, 0, 1, 3]), 1, 1, 2, 2);
    assert.deepEqual([...grey], [0, 0, 0, 255, 64, 64, 64, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    const rgb = imagePixels(Float32Array.from([0, 1, 0.5, 0.5, 1, 0]), 0, 3, 1, 2);
    assert.deepEqual([...rgb], [0, 128, 255, 255, 255, 128, 0, 255]);
    assert.equal(isImage([1, 28, 28]), true);
    assert.equal(isImage([3, 32, 32]), true);
    assert.equal(isImage([784]), false);
    assert.equal(isImage([2, 8, 8]), false);
  });

  it('shades confusion cells by their share of the row', () => {
    assert.equal(shadeStep(0, 10), 0);
    assert.equal(shadeStep(10, 10), 10);
    assert.equal(shadeStep(3, 10), 3);
    assert.equal(shadeStep(0, 0), 0);
  });
});
