// The exported script's image folders and augmentation (Python): images.ts (one subfolder per
// class in sorted order, decoded to RGBA, bilinear resampling to the model's [C, H, W], bytes)
// with Pillow, and augment.ts (flip, crop after padding 4, shift by up to 10%, seeded per step and
// per place in the global batch). PNG decodes to the same bytes in both; a JPEG decoder may differ
// from the engine's by a level here and there.
export const IMAGES_PY = String.raw`
# ---------------------------------------------------------------- image folders (images.ts) and augmentation (augment.ts)
def round_half_up(a):
    """JavaScript's Math.round."""
    return np.floor(a + 0.5)


def to_chw(rgba, shape):
    """RGBA [h, w, 4] -> bytes [C, H, W] by bilinear sampling; 1 channel is the luminance."""
    C, H, W = shape
    h, w = rgba.shape[:2]
    img = rgba.astype(np.float64)

    def axis(n_out, n_in):
        f = np.minimum(n_in - 1, np.maximum(0, (np.arange(n_out) + 0.5) * (n_in / n_out) - 0.5))
        lo = np.floor(f).astype(np.int64)
        return lo, np.minimum(n_in - 1, lo + 1), f - lo

    y0, y1, wy = axis(H, h)
    x0, x1, wx = axis(W, w)
    wx, wy = wx[None, :, None], wy[:, None, None]
    at = lambda r, c: img[r][:, c]
    px = (at(y0, x0) * (1 - wx) + at(y0, x1) * wx) * (1 - wy) + (at(y1, x0) * (1 - wx) + at(y1, x1) * wx) * wy
    if C == 1:
        return round_half_up(0.299 * px[..., 0] + 0.587 * px[..., 1] + 0.114 * px[..., 2])[None].astype(np.uint8)
    return round_half_up(px[..., :C]).transpose(2, 0, 1).astype(np.uint8)


def read_images(folder, shape, like_names=None):
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit("images(...) needs Pillow: pip install pillow (or apt-get install python3-pil)")
    if len(shape) != 3:
        raise SystemExit("images need a model input [channels, height, width], not %s" % (shape,))
    dirs = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)) and not d.startswith("."))
    names = like_names or dirs
    xs, ys = [], []
    for d in dirs:
        if d not in names:
            raise SystemExit("%s/%s: class '%s' does not occur in the training data" % (folder, d, d))
        for f in sorted(os.listdir(os.path.join(folder, d))):
            path = os.path.join(folder, d, f)
            if os.path.isdir(path) or not f.lower().endswith((".png", ".jpg", ".jpeg")):
                continue
            with Image.open(path) as im:
                xs.append(to_chw(np.asarray(im.convert("RGBA")), shape).reshape(-1))
            ys.append(names.index(d))
    if not xs:
        raise SystemExit("'%s' holds no PNG or JPEG images in its class subfolders" % folder)
    return np.stack(xs), np.array(ys, np.float32).reshape(-1, 1), max(2, len(names)), names


def augment_batch(xb, kinds, seed, step, offset):
    """Rewrites a batch [n, C, H, W]; sample i is the global batch's sample offset + i."""
    n, C, H, W = xb.shape
    crop = 4 if "crop" in kinds else 0
    shift = max(1, int(round_half_up(0.1 * min(H, W)))) if "shift" in kinds else 0
    a = xb.cpu().numpy().copy()
    for i in range(n):
        rng = Rng(pcg(((seed ^ pcg(step)) + offset + i) & M32))
        f = "flip" in kinds and rng.uniform() < 0.5
        pick = lambda m: int(math.floor(rng.uniform() * (2 * m + 1))) - m if m > 0 else 0
        dy = pick(crop) + pick(shift)
        dx = pick(crop) + pick(shift)
        if not f and dx == 0 and dy == 0:
            continue
        rows, cols = np.arange(H) + dy, (W - 1 - np.arange(W) if f else np.arange(W)) + dx
        inside = ((rows >= 0) & (rows < H))[:, None] & ((cols >= 0) & (cols < W))[None, :]
        moved = a[i][:, rows.clip(0, H - 1)][:, :, cols.clip(0, W - 1)]
        a[i] = np.where(inside[None], moved, 0)
    return torch.from_numpy(a).to(xb.device)
`;
