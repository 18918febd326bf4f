// runtime-snapshot.js's stored layout in Node: pages of zeros are left out and put back; anything
// that is not a whole copy in this layout is refused (the worker then starts cold).
import assert from "node:assert/strict";
import { test } from "node:test";

import { packCopy, unpackCopy } from "../../docs/assets/js/runtime-snapshot.js";

// Three pages of 4 KiB and a short fourth (100 bytes): page 0 zeros, page 1 one byte set, page 2 zeros,
// page 3 (short) its last byte set.
function memory() {
  const m = new Uint8Array(3 * 4096 + 100);
  m[4096 + 7] = 42;
  m[m.length - 1] = 9;
  return m;
}

test("a copy keeps only the pages that are not all zeros, and comes back byte for byte", () => {
  const m = memory();
  const packed = packCopy(m);
  // 12 bytes of head ("YKZ1", length, page count), 1 byte of page map (pages 1 and 3: 0b1010),
  // then page 1 whole (4096) and the short page 3 (100)
  assert.equal(packed.length, 12 + 1 + 4096 + 100);
  assert.deepEqual([...packed.subarray(0, 4)], [0x59, 0x4b, 0x5a, 0x31]);
  assert.equal(new DataView(packed.buffer).getUint32(4, true), 3 * 4096 + 100);
  assert.equal(new DataView(packed.buffer).getUint32(8, true), 4);
  assert.equal(packed[12], 0b1010);
  assert.deepEqual(unpackCopy(packed), m);
});

test("memory of zeros only, and memory with no zero page, both come back", () => {
  const zeros = new Uint8Array(2 * 4096);
  assert.equal(packCopy(zeros).length, 12 + 1);
  assert.deepEqual(unpackCopy(packCopy(zeros)), zeros);
  const full = new Uint8Array(4096 + 5).fill(1);
  assert.equal(packCopy(full).length, 12 + 1 + 4096 + 5);
  assert.deepEqual(unpackCopy(packCopy(full)), full);
});

test("a copy from an unaligned view is packed like the aligned one", () => {
  const m = memory();
  const backing = new Uint8Array(m.length + 1);
  backing.set(m, 1);
  assert.deepEqual(packCopy(backing.subarray(1)), packCopy(m));
});

test("anything but a whole copy in this layout is refused", () => {
  const packed = packCopy(memory());
  const broken = (change) => {
    const copy = new Uint8Array(packed);
    return change(copy) ?? copy;
  };
  const cases = {
    "wrong magic": broken((c) => {
      c[0] ^= 0xff;
    }),
    "a raw memory image (the layout before this one)": memory(),
    "cut short": packed.subarray(0, packed.length - 1),
    "a byte too many": new Uint8Array([...packed, 0]),
    "page count that does not match the length": broken((c) => {
      new DataView(c.buffer).setUint32(8, 5, true);
    }),
    "page map naming a page that is not there": broken((c) => {
      c[12] |= 0b0100;
    }),
    "only the head": packed.subarray(0, 8),
    empty: new Uint8Array(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    assert.throws(() => unpackCopy(bytes), /start-up copy/, name);
  }
});
