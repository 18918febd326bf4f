// Brotli-compresses files for scripts/hosting.py (Python's standard library has no brotli;
// Node's zlib does): node scripts/brotli.mjs PAIRS.json, where PAIRS.json lists
// [[source, destination], ...]. Quality 11 (the slowest, smallest): done once per content,
// the results are cached by the caller.
import fs from "node:fs";
import zlib from "node:zlib";

const pairs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
for (const [src, dst] of pairs) {
  const data = fs.readFileSync(src);
  const packed = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
    },
  });
  fs.writeFileSync(`${dst}.tmp`, packed);
  fs.renameSync(`${dst}.tmp`, dst);
}
