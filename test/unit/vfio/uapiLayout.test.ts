/**
 * The region and ioctl tables against the structs of include/uapi/linux/vfio_ccw.h and vfio.h.
 * The struct bodies below are the headers' member declarations; offsets and sizes are computed
 * from them with C's layout rules (natural alignment; `__packed` for the vfio_ccw.h regions),
 * never taken from our own tables.
 */
import { describe, expect, test } from 'vitest';
import {
  CMD_REGION,
  CRW_REGION,
  IO_REGION,
  SCHIB_REGION,
  VFIO_DEVICE_INFO,
  VFIO_INFO_CAP_HEADER,
  VFIO_IOCTL,
  VFIO_IRQ_INFO,
  VFIO_IRQ_SET,
  VFIO_REGION_INFO,
  VFIO_REGION_INFO_CAP_TYPE_STRUCT,
  type Structure,
} from '../../../src/arch';

const HEADERS = {
  ccw_io_region: { packed: true, body: '__u8 orb_area[12]; __u8 scsw_area[12]; __u8 irb_area[96]; __u32 ret_code;' },
  ccw_cmd_region: { packed: true, body: '__u32 command; __u32 ret_code;' },
  ccw_schib_region: { packed: true, body: '__u8 schib_area[52];' },
  ccw_crw_region: { packed: true, body: '__u32 crw; __u32 pad;' },
  vfio_device_info: { packed: false, body: '__u32 argsz; __u32 flags; __u32 num_regions; __u32 num_irqs; __u32 cap_offset; __u32 pad;' },
  vfio_region_info: { packed: false, body: '__u32 argsz; __u32 flags; __u32 index; __u32 cap_offset; __aligned_u64 size; __aligned_u64 offset;' },
  vfio_info_cap_header: { packed: false, body: '__u16 id; __u16 version; __u32 next;' },
  vfio_region_info_cap_type: { packed: false, body: 'struct vfio_info_cap_header header; __u32 type; __u32 subtype;' },
  vfio_irq_info: { packed: false, body: '__u32 argsz; __u32 flags; __u32 index; __u32 count;' },
  vfio_irq_set: { packed: false, body: '__u32 argsz; __u32 flags; __u32 index; __u32 start; __u32 count; __u8 data[];' },
} as const;

const SCALARS: Record<string, number> = { __u8: 1, __u16: 2, __u32: 4, __u64: 8, __aligned_u64: 8 };

function layout(name: keyof typeof HEADERS): { size: number; offsets: Record<string, number> } {
  const { packed, body } = HEADERS[name];
  const offsets: Record<string, number> = {};
  let at = 0;
  let maxAlign = 1;
  for (const decl of body.split(';').map((d) => d.trim()).filter(Boolean)) {
    const struct = /^struct (\w+) (\w+)$/.exec(decl);
    let size: number;
    let align: number;
    let member: string;
    if (struct) {
      size = layout(struct[1] as keyof typeof HEADERS).size;
      align = 4;
      member = struct[2] as string;
    } else {
      const m = /^(\w+) (\w+)(?:\[(\d*)\])?$/.exec(decl) as RegExpExecArray;
      const scalar = SCALARS[m[1] as string] as number;
      size = m[3] === undefined ? scalar : m[3] === '' ? 0 : scalar * Number(m[3]);
      align = scalar;
      member = m[2] as string;
    }
    if (!packed) at = Math.ceil(at / align) * align;
    maxAlign = Math.max(maxAlign, packed ? 1 : align);
    offsets[member] = at;
    at += size;
  }
  return { size: Math.ceil(at / maxAlign) * maxAlign, offsets };
}

const TABLES: [keyof typeof HEADERS, Structure<unknown>][] = [
  ['ccw_io_region', IO_REGION as Structure<unknown>],
  ['ccw_cmd_region', CMD_REGION as Structure<unknown>],
  ['ccw_schib_region', SCHIB_REGION as Structure<unknown>],
  ['ccw_crw_region', CRW_REGION as Structure<unknown>],
  ['vfio_device_info', VFIO_DEVICE_INFO as Structure<unknown>],
  ['vfio_region_info', VFIO_REGION_INFO as Structure<unknown>],
  ['vfio_info_cap_header', VFIO_INFO_CAP_HEADER as Structure<unknown>],
  ['vfio_region_info_cap_type', VFIO_REGION_INFO_CAP_TYPE_STRUCT as Structure<unknown>],
  ['vfio_irq_info', VFIO_IRQ_INFO as Structure<unknown>],
  ['vfio_irq_set', VFIO_IRQ_SET as Structure<unknown>],
];

describe('uapi layouts', () => {
  for (const [name, table] of TABLES) {
    test(`struct ${name}: size and member offsets as the header declares them`, () => {
      const expected = layout(name);
      expect(table.size).toBe(expected.size);
      for (const [member, offset] of Object.entries(expected.offsets)) {
        if (member === 'data') continue; // the flexible array follows the fixed part
        expect(table.offsetOf(member), member).toBe(offset);
      }
    });
  }

  test('ioctl numbers are _IO(VFIO_TYPE, VFIO_BASE + n): GET_INFO 7 ... RESET 11', () => {
    // _IO(';', 107) = (0x3B << 8) | 107 with no size or direction bits.
    expect(VFIO_IOCTL).toEqual({
      DEVICE_GET_INFO: 0x3b6b,
      DEVICE_GET_REGION_INFO: 0x3b6c,
      DEVICE_GET_IRQ_INFO: 0x3b6d,
      DEVICE_SET_IRQS: 0x3b6e,
      DEVICE_RESET: 0x3b6f,
    });
  });
});
