# usage: downscale.py SRC DST LONG_SIDE [QUALITY]
# Lanczos downscale so the long side is LONG_SIDE; the stored density is scaled by the same
# factor so the physical print size the file declares is unchanged.
import sys
from PIL import Image
src, dst, long_side = sys.argv[1], sys.argv[2], int(sys.argv[3])
quality = int(sys.argv[4]) if len(sys.argv) > 4 else 90
im = Image.open(src)
f = long_side / max(im.size)
out = im.convert("RGB").resize((round(im.width * f), round(im.height * f)), Image.LANCZOS)
kw = {"quality": quality, "optimize": True}
dpi = im.info.get("dpi")
if dpi:
    kw["dpi"] = (round(dpi[0] * f), round(dpi[1] * f))
out.save(dst, **kw)
print(dst, out.size, kw)
