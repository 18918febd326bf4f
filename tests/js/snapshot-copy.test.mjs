// runtime-snapshot.js's stored layout in Node: pages of zeros are left out and put back, pages that
// are still as the wasm's data put them at instantiation are left out and taken back from the new
// memory (fill); anything that is not a whole copy in this layout is refused (the worker then starts
// cold).
import assert from "node:assert/strict";
import { test } from "node:test";

import { packCopy, startImage, unpackCopy, watchInstance } from "../../docs/assets/js/runtime-snapshot.js";

// A snapshot of three pages of 4 KiB and a short fourth (100 bytes), without a loader's head (its
// second u32 is 0: the memory begins at 0): page 0 zeros, page 1 one byte set, page 2 zeros, page 3
// (short) its last byte set.
function memory() {
  const m = new Uint8Array(3 * 4096 + 100);
  m[4096 + 7] = 42;
  m[m.length - 1] = 9;
  return m;
}

const u32 = (bytes, at) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(at, true);

test("a copy keeps only the pages that are not all zeros, and comes back byte for byte", () => {
  const m = memory();
  const packed = packCopy(m);
  // 16 bytes of head ("YKZ2", length, page count, where the memory begins), 1 byte of each page map
  // (stored: pages 1 and 3, 0b1010; of the wasm's data: none), then page 1 whole (4096) and the
  // short page 3 (100)
  assert.equal(packed.length, 16 + 1 + 1 + 4096 + 100);
  assert.deepEqual([...packed.subarray(0, 4)], [0x59, 0x4b, 0x5a, 0x32]);
  assert.equal(u32(packed, 4), 3 * 4096 + 100);
  assert.equal(u32(packed, 8), 4);
  assert.equal(u32(packed, 12), 0);
  assert.equal(packed[16], 0b1010);
  assert.equal(packed[17], 0);
  const copy = unpackCopy(packed);
  assert.equal(copy.filled, true); // nothing to take from a new memory
  assert.deepEqual(copy.bytes, m);
});

// A loader's snapshot: a head of 128 bytes (its second u32 says so, as Pyodide's does), then a memory
// of 5 pages less the head. The wasm's data at instantiation sets bytes in the memory's pages; the
// interpreter then changed some of them.
function snapshotAndImage() {
  const head = 128;
  const snap = new Uint8Array(5 * 4096);
  new DataView(snap.buffer).setUint32(0, 0x5a5a5a5a, true);
  new DataView(snap.buffer).setUint32(4, head, true);
  const image = new Uint8Array(3 * 4096); // the memory as instantiated: data up to its 3rd page
  for (let i = 1024; i < image.length; i++) image[i] = (i * 7) & 255 || 1;
  snap.set(image, head); // the memory, as the data put it ...
  snap[head + 2 * 4096 + 10] ^= 0xff; // ... but the interpreter changed a byte at memory 8202
  snap[4 * 4096 + 1] = 5; // and wrote above the data (snapshot page 4)
  return { snap, image, head };
}

test("pages still as the wasm's data put them are left out and come back from the new memory", () => {
  const { snap, image, head } = snapshotAndImage();
  const packed = packCopy(snap, image);
  // snapshot page 0 holds the head: always stored. Page 1 (snapshot 4096-8191 = memory 3968-8063)
  // is the data as it was: left out. Page 2 (memory 8064-12159) holds the changed byte: stored. Page
  // 3 (memory 12160-16255) is beyond the data (image ends at 12288) and not zero: stored. Page 4:
  // stored (written above the data).
  assert.equal(u32(packed, 12), head);
  assert.equal(packed[16], 0b11101);
  assert.equal(packed[17], 0b00010);
  assert.equal(packed.length, 16 + 2 + 4 * 4096);
  const copy = unpackCopy(packed);
  assert.equal(copy.filled, false);
  assert.ok(copy.bytes.subarray(4096, 8192).every((b) => b === 0)); // not there before the fill
  // the loader's new memory: as large as the snapshot, the data as instantiation put it
  const fresh = new Uint8Array(snap.length);
  fresh.set(image);
  copy.fill(fresh);
  assert.equal(copy.filled, true);
  assert.deepEqual(copy.bytes, snap);
});

test("a memory too small to be the loader's new one fills nothing", () => {
  const { snap, image } = snapshotAndImage();
  const copy = unpackCopy(packCopy(snap, image));
  copy.fill(new Uint8Array(4096));
  assert.equal(copy.filled, false);
});

test("the memory as instantiated is kept up to its last byte that is not zero", () => {
  const m = new Uint8Array(64 * 1024);
  m[10] = 1;
  m[5001] = 2;
  const image = startImage(m);
  assert.equal(image.length, 5004); // whole 4-byte words: the word of byte 5001 ends at 5004
  assert.equal(image[5001], 2);
  m[5001] = 0; // a copy: later writes to the memory do not change it
  assert.equal(image[5001], 2);
  assert.equal(startImage(new Uint8Array(4096)).length, 0);
});

test("memory of zeros only, and memory with no zero page, both come back", () => {
  const zeros = new Uint8Array(2 * 4096);
  assert.equal(packCopy(zeros).length, 16 + 1 + 1);
  assert.deepEqual(unpackCopy(packCopy(zeros)).bytes, zeros);
  const full = new Uint8Array(4096 + 5).fill(1);
  assert.equal(packCopy(full).length, 16 + 1 + 1 + 4096 + 5);
  assert.deepEqual(unpackCopy(packCopy(full)).bytes, full);
});

test("a copy from an unaligned view is packed like the aligned one", () => {
  const m = memory();
  const backing = new Uint8Array(m.length + 1);
  backing.set(m, 1);
  assert.deepEqual(packCopy(backing.subarray(1)), packCopy(m));
  const { snap, image } = snapshotAndImage();
  const back2 = new Uint8Array(snap.length + 3);
  back2.set(snap, 3);
  assert.deepEqual(packCopy(back2.subarray(3), image), packCopy(snap, image));
});

test("anything but a whole copy in this layout is refused", () => {
  const { snap, image } = snapshotAndImage();
  const packed = packCopy(snap, image);
  const broken = (change) => {
    const copy = new Uint8Array(packed);
    return change(copy) ?? copy;
  };
  const zerosOnly = new Uint8Array(packCopy(memory())); // the layout of the build before this one
  zerosOnly[3] = 0x31; // "YKZ1"
  const cases = {
    "wrong magic": broken((c) => {
      c[0] ^= 0xff;
    }),
    "a copy in the layout before this one (YKZ1)": zerosOnly,
    "a raw memory image (the layout before that)": memory(),
    "cut short": packed.subarray(0, packed.length - 1),
    "a byte too many": new Uint8Array([...packed, 0]),
    "page count that does not match the length": broken((c) => {
      new DataView(c.buffer).setUint32(8, 6, true);
    }),
    "memory said to begin past the end": broken((c) => {
      new DataView(c.buffer).setUint32(12, 5 * 4096 + 1, true);
    }),
    "page map naming a page that is not there": broken((c) => {
      c[16] |= 0b00010;
      c[17] &= ~0b00010;
    }),
    "a page both stored and of the wasm's data": broken((c) => {
      c[17] |= 0b00100;
    }),
    "the loader's head said to be the wasm's data": broken((c) => {
      c[16] &= ~0b00001;
      c[17] |= 0b00001;
    }),
    "only the head": packed.subarray(0, 8),
    empty: new Uint8Array(0),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    assert.throws(() => unpackCopy(bytes), /start-up copy/, name);
  }
});

// A wasm module with a memory of its own: 16 pages of 64 KiB (1 MiB), exported as "memory", its first
// byte set by a data segment (as Pyodide's data segments fill its memory at instantiation).
const MODULE = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  0x01,
  0x00,
  0x00,
  0x00, // magic, version 1
  0x05,
  0x03,
  0x01,
  0x00,
  0x10, // memory section: one memory, at least 16 pages
  0x07,
  0x0a,
  0x01,
  0x06,
  0x6d,
  0x65,
  0x6d,
  0x6f,
  0x72,
  0x79,
  0x02,
  0x00, // export "memory"
  0x0b,
  0x07,
  0x01,
  0x00,
  0x41,
  0x00,
  0x0b,
  0x01,
  0x2a, // data: byte 42 at offset 0
]);

test("the watch sees the new memory before the loader has the instance, and puts things back", async () => {
  const { instantiate } = WebAssembly;
  const seen = [];
  const watch = watchInstance((memory) => seen.push([memory.length, memory[0]]));
  const { instance } = await WebAssembly.instantiate(MODULE, {});
  await WebAssembly.instantiate(MODULE, {}); // only the first instance is seen
  watch.stop();
  assert.deepEqual(seen, [[1 << 20, 42]]);
  assert.ok(instance instanceof WebAssembly.Instance);
  assert.equal(WebAssembly.instantiate, instantiate);
});

test("a watcher that fails never fails the loader's instantiation (the loader would wait forever)", async () => {
  const watch = watchInstance(() => {
    throw new Error("a failure of the watcher's own");
  });
  try {
    const { instance } = await WebAssembly.instantiate(MODULE, {});
    assert.ok(instance instanceof WebAssembly.Instance);
  } finally {
    watch.stop();
  }
});
