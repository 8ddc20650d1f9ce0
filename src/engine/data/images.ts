// A folder of images with one subfolder per class (sorted names are the class indices). PNG and
// JPEG are decoded by the host, then resized (bilinear) to [channels, height, width]: the model's
// input when it is known, else 3 channels at the first image's size. Stored as bytes, CHW.

import type { Shape } from '../../graph/ir';
import { DataError, type DataHost, type DataLocation, type DecodedImage, resolveInside } from './host';
import { imageSize, tooLarge } from './image-header';
import type { RawSet } from './source';

const IMAGE = /\.(png|jpe?g)$/i;

export interface ImagesOptions {
  /** [C, H, W] to produce; null: 3 channels at the first image's size. */
  readonly shape: Shape | null;
  /** The training source, so a test folder maps its class names the same way. */
  readonly like?: RawSet;
}

export async function loadImageFolder(host: DataHost, loc: DataLocation, folder: string, o: ImagesOptions): Promise<RawSet> {
  const root = await resolveInside(host, loc, folder);
  const list = async (p: string, what: string) => {
    try {
      return (await host.listDir(p)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new DataError(
        `cannot read ${what}: ${code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : String(e)}`,
        folder,
      );
    }
  };
  const classDirs = (await list(root, `'${folder}'`)).filter((e) => e.isDir && !e.name.startsWith('.'));
  if (classDirs.length === 0)
    throw new DataError(`'${folder}' has no subfolders; put each class's images in a subfolder named after the class`, folder);
  const names = o.like?.classNames.length ? [...o.like.classNames] : classDirs.map((d) => d.name);
  const files: { path: string; label: number; shown: string; isLink?: boolean }[] = [];
  for (const dir of classDirs) {
    const label = names.indexOf(dir.name);
    if (label < 0) throw new DataError(`'${folder}/${dir.name}': class '${dir.name}' does not occur in the training data`, folder);
    await resolveInside(host, loc, `${folder}/${dir.name}`); // a class folder may be a link too
    for (const f of await list(`${root}/${dir.name}`, `'${folder}/${dir.name}'`)) {
      if (!f.isDir && IMAGE.test(f.name))
        files.push({ path: `${root}/${dir.name}/${f.name}`, label, shown: `${folder}/${dir.name}/${f.name}`, isLink: f.isLink });
    }
  }
  // An image that is a link may point anywhere; a plain file in a folder that passed is inside.
  // (A host that cannot tell links apart leaves isLink out, and every image is checked.)
  for (const f of files) if (f.isLink ?? true) await resolveInside(host, loc, f.shown);
  if (files.length === 0) throw new DataError(`'${folder}' holds no PNG or JPEG images in its class subfolders`, folder);

  let shape = o.shape && o.shape.length === 3 ? o.shape : null;
  if (o.shape && o.shape.length !== 3)
    throw new DataError(`images need a model input [channels, height, width], not [${o.shape.join(', ')}]`, folder);
  let x: Uint8Array | null = null;
  const y = new Float32Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    let img: DecodedImage;
    const bytes = await host.readFile(f.path).catch((e: unknown) => {
      throw new DataError(`${f.shown}: cannot read the image (${e instanceof Error ? e.message : String(e)})`, f.shown);
    });
    const refused = tooLarge(imageSize(bytes));
    if (refused) throw new DataError(`${f.shown}: ${refused}`, f.shown);
    try {
      img = await host.decodeImage(bytes, f.path);
    } catch (e) {
      throw new DataError(`${f.shown}: cannot decode the image (${e instanceof Error ? e.message : String(e)})`, f.shown);
    }
    shape ??= [3, img.height, img.width];
    const len = shape[0]! * shape[1]! * shape[2]!;
    x ??= new Uint8Array(files.length * len);
    toChw(img, shape, x.subarray(i * len, (i + 1) * len));
    y[i] = f.label;
  }
  if (shape![0] !== 1 && shape![0] !== 3 && shape![0] !== 4)
    throw new DataError(`images have 1, 3 or 4 channels, the model asks for ${shape![0]}`, folder);
  return {
    kind: 'images',
    x: x!,
    y,
    inputShape: shape!,
    targetLen: 1,
    classes: Math.max(2, names.length),
    classNames: names,
    featureNames: [],
    notes: [],
  };
}

/** RGBA (any size) -> bytes [C, H, W] by bilinear sampling; 1 channel is the luminance. */
export function toChw(img: DecodedImage, shape: Shape, out: Uint8Array): void {
  const [C, H, W] = shape as [number, number, number];
  const sx = img.width / W,
    sy = img.height / H;
  for (let yy = 0; yy < H; yy++) {
    const fy = Math.min(img.height - 1, Math.max(0, (yy + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy),
      y1 = Math.min(img.height - 1, y0 + 1),
      wy = fy - y0;
    for (let xx = 0; xx < W; xx++) {
      const fx = Math.min(img.width - 1, Math.max(0, (xx + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx),
        x1 = Math.min(img.width - 1, x0 + 1),
        wx = fx - x0;
      const px = (ch: number): number => {
        const at = (r: number, c: number) => img.rgba[(r * img.width + c) * 4 + ch]!;
        return (at(y0, x0) * (1 - wx) + at(y0, x1) * wx) * (1 - wy) + (at(y1, x0) * (1 - wx) + at(y1, x1) * wx) * wy;
      };
      const o = yy * W + xx;
      if (C === 1) out[o] = Math.round(0.299 * px(0) + 0.587 * px(1) + 0.114 * px(2));
      else for (let c = 0; c < C; c++) out[c * H * W + o] = Math.round(px(c));
    }
  }
}
