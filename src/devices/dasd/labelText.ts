/**
 * EBCDIC for the few characters volume labels and IPL keys use (letters, digits, the national
 * characters @ # $ and blank; code page 037 and 1047 agree on all of them). Devices may not
 * import the assembler's full code-page tables (layer rule), and need nothing more than this.
 */

const TO_EBCDIC = new Map<string, number>();
const FROM_EBCDIC = new Map<number, string>();

function range(first: string, last: string, ebcdic: number): void {
  for (let c = first.charCodeAt(0), e = ebcdic; c <= last.charCodeAt(0); c++, e++) {
    TO_EBCDIC.set(String.fromCharCode(c), e);
    FROM_EBCDIC.set(e, String.fromCharCode(c));
  }
}
range('A', 'I', 0xc1);
range('J', 'R', 0xd1);
range('S', 'Z', 0xe2);
range('0', '9', 0xf0);
for (const [c, e] of [[' ', 0x40], ['@', 0x7c], ['#', 0x7b], ['$', 0x5b], ['*', 0x5c]] as const) {
  TO_EBCDIC.set(c, e);
  FROM_EBCDIC.set(e, c);
}

/** Whether every character of `text` has a label EBCDIC code here. */
export function isLabelText(text: string): boolean {
  for (const c of text) if (!TO_EBCDIC.has(c)) return false;
  return true;
}

/** EBCDIC bytes of `text`, blank padded (or cut) to `length`. */
export function labelEbcdic(text: string, length: number = text.length): Uint8Array {
  const out = new Uint8Array(length).fill(0x40);
  let i = 0;
  for (const c of text) {
    if (i >= length) break;
    const e = TO_EBCDIC.get(c);
    if (e === undefined) throw new Error(`no label EBCDIC code for ${JSON.stringify(c)}`);
    out[i++] = e;
  }
  return out;
}

/** Label text of EBCDIC bytes; characters outside the label set show as '.'. */
export function labelTextOf(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += FROM_EBCDIC.get(b) ?? '.';
  return s;
}
