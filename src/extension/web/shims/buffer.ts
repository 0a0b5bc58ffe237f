/**
 * The part of Node's Buffer that the web bundle's dependencies use, on a Uint8Array: seek-bzip
 * (`new Buffer(n)`, `copy`, `toString('hex')`), @vscode/debugadapter's stream protocol (never
 * used inline, but constructed) and base64 for the adapter's memory requests. Injected by
 * scripts/build.mjs as the global `Buffer` of the web build only.
 */
type Encoding = 'utf8' | 'utf-8' | 'hex' | 'base64' | 'latin1' | 'binary' | 'ascii';

function base64Encode(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64Decode(text: string): Uint8Array {
  const s = atob(text.replace(/[^A-Za-z0-9+/]/g, ''));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export class Buffer extends Uint8Array {
  static alloc(size: number, fill = 0): Buffer {
    return new Buffer(size).fill(fill);
  }

  static isBuffer(value: unknown): value is Buffer {
    return value instanceof Buffer;
  }

  static byteLength(value: string | Uint8Array, encoding: Encoding = 'utf8'): number {
    return typeof value === 'string' ? Buffer.from(value, encoding).length : value.length;
  }

  static override from(value: unknown, encoding?: unknown): Buffer {
    if (typeof value === 'string') {
      const enc = (typeof encoding === 'string' ? encoding : 'utf8').toLowerCase() as Encoding;
      let bytes: Uint8Array;
      if (enc === 'base64') bytes = base64Decode(value);
      else if (enc === 'hex') bytes = Uint8Array.from(value.match(/[0-9a-fA-F]{2}/g) ?? [], (h) => parseInt(h, 16));
      else if (enc === 'latin1' || enc === 'binary' || enc === 'ascii') bytes = Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff);
      else bytes = new TextEncoder().encode(value);
      const b = new Buffer(bytes.length);
      b.set(bytes);
      return b;
    }
    if (value instanceof ArrayBuffer) return new Buffer(value);
    const src = value as ArrayLike<number>;
    const b = new Buffer(src.length);
    b.set(src);
    return b;
  }

  static concat(list: readonly Uint8Array[], total?: number): Buffer {
    const size = total ?? list.reduce((n, b) => n + b.length, 0);
    const out = new Buffer(size);
    let at = 0;
    for (const b of list) {
      if (at >= size) break;
      out.set(b.subarray(0, size - at), at);
      at += Math.min(b.length, size - at);
    }
    return out;
  }

  copy(target: Uint8Array, targetStart = 0, sourceStart = 0, sourceEnd = this.length): number {
    const part = this.subarray(sourceStart, Math.min(sourceEnd, sourceStart + target.length - targetStart));
    target.set(part, targetStart);
    return part.length;
  }

  override toString(encoding: Encoding = 'utf8', start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    switch (encoding) {
      case 'hex':
        return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      case 'base64':
        return base64Encode(bytes);
      case 'latin1':
      case 'binary':
      case 'ascii':
        return Array.from(bytes, (b) => String.fromCharCode(b)).join('');
      default:
        return new TextDecoder().decode(bytes);
    }
  }
}
