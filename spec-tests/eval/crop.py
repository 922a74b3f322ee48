# usage: crop.py SRC DST X0,Y0,X1,Y1 [LONG_SIDE] [QUALITY]
# Crops the box (pixels of SRC, right/bottom exclusive), then, if LONG_SIDE is given and the crop
# is larger, Lanczos-downscales it so its long side is LONG_SIDE. JPEG output at QUALITY (default
# 90); PNG output lossless. A stored density is kept (scaled by the same factor when downscaled).
import sys
from PIL import Image
src, dst = sys.argv[1], sys.argv[2]
box = tuple(int(v) for v in sys.argv[3].split(","))
long_side = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[4] != "-" else None
quality = int(sys.argv[5]) if len(sys.argv) > 5 else 90
im = Image.open(src)
out = im.convert("RGB").crop(box)
f = 1.0
if long_side and max(out.size) > long_side:
    f = long_side / max(out.size)
    out = out.resize((round(out.width * f), round(out.height * f)), Image.LANCZOS)
kw = {}
if dst.lower().endswith((".jpg", ".jpeg")):
    kw = {"quality": quality, "optimize": True}
dpi = im.info.get("dpi")
if dpi:
    kw["dpi"] = (round(dpi[0] * f), round(dpi[1] * f))
out.save(dst, **kw)
print(dst, out.size, kw)
