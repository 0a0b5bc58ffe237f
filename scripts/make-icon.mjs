// Draws media/icon.png (128×128, the Marketplace icon): a chain of three CCWs (bars linked by a
// chaining arrow) feeding a DASD cylinder, on the gallery banner's blue. Original artwork, made
// by this script with a small PNG encoder on node:zlib; run it again after changing a colour.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis, for smooth edges

const BG = [0x12, 0x32, 0x4a];
const BAR = [0xf2, 0xf5, 0xf8];
const LINK = [0xff, 0xa0, 0x2e];
const DISK = [0x3c, 0xc8, 0xe6];
const DISK_TOP = [0x9c, 0xe6, 0xf5];

const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.max(x0 + r, Math.min(x, x1 - r));
  const cy = Math.max(y0 + r, Math.min(y, y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const inEllipse = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** Colour at a point (RGBA), painter's order: later shapes on top. */
function paint(x, y) {
  let c = null;
  if (inRoundRect(x, y, 4, 4, 124, 124, 22)) c = BG;
  // three CCWs: the first two chained (arrow on the left edge), the last one ends the chain
  const bars = [24, 46, 68];
  for (const top of bars) if (inRoundRect(x, y, 30, top, 92, top + 14, 4)) c = BAR;
  // command-code field of each CCW
  for (const top of bars) if (inRoundRect(x, y, 34, top + 3, 46, top + 11, 2)) c = LINK;
  // chaining link: a vertical stroke with arrow heads between the bars
  if (x >= 18 && x <= 22 && y >= 31 && y <= 75) c = LINK;
  for (const top of [46, 68]) {
    const tipY = top + 7;
    if (x >= 18 && x <= 29 && Math.abs(y - tipY) <= 2) c = LINK;
    if (x >= 24 && x <= 30 && Math.abs(y - tipY) <= (30 - x) * 0.9 + 0.5) c = LINK;
  }
  if (x >= 18 && x <= 30 && Math.abs(y - 31) <= 2) c = LINK;
  // the DASD: a cylinder under the chain
  if ((x >= 56 && x <= 108 && y >= 92 && y <= 108) || inEllipse(x, y, 82, 108, 26, 7)) c = DISK;
  if (inEllipse(x, y, 82, 92, 26, 7)) c = DISK_TOP;
  if (inEllipse(x, y, 82, 92, 9, 2.5)) c = DISK;
  return c ? [...c, 255] : [0, 0, 0, 0];
}

const rgba = new Uint8Array(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = paint(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
        // premultiplied, so transparent samples do not darken the edges
        for (let i = 0; i < 3; i++) acc[i] += c[i] * c[3];
        acc[3] += c[3];
      }
    }
    const o = (py * SIZE + px) * 4;
    const a = acc[3] / (SS * SS);
    for (let i = 0; i < 3; i++) rgba[o + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0;
    rgba[o + 3] = Math.round(a);
  }
}

// PNG: signature, IHDR, one IDAT (filter 0 on every row), IEND; CRC-32 per chunk.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) Buffer.from(rgba.subarray(y * SIZE * 4, (y + 1) * SIZE * 4)).copy(raw, y * (SIZE * 4 + 1) + 1);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`media/icon.png: ${SIZE}×${SIZE}, ${png.length} bytes`);
