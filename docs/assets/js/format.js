// How numbers, file sizes and durations are written on the tool pages: the browser's copy of
// validator/formatting.py, with the words and units from the same content formats
// (content/messages/_format.yaml, compiled into rules.json `formats`). Integer arithmetic only,
// so both give the same digits (tests/test_formatting.py runs both on the same numbers).

const KIB = 1024;
const MIB = 1024 * 1024;

function fillIn(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
}

/** A whole number with a separator every three digits: 28967 -> "28,967". */
export function grouped(n, sep = ",") {
  const sign = n < 0 ? "-" : "";
  return sign + String(Math.abs(Math.trunc(n))).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** n / unit with at most one decimal, rounded half up: 28967/1024 -> "28.3", 30720/1024 -> "30". */
export function tenths(n, unit, sep = ",") {
  const t = Math.floor((Math.abs(Math.trunc(n)) * 10 + Math.floor(unit / 2)) / unit);
  const whole = Math.floor(t / 10);
  const frac = t % 10;
  return (n < 0 && t ? "-" : "") + grouped(whole, sep) + (frac ? `.${frac}` : "");
}

/** A file size: "512 字节", "28.3 KB（28,967 字节）", "1.3 MB（1,415,020 字节）". */
export function sizeText(formats, n) {
  const sep = formats["number.group"] ?? ",";
  const count = grouped(n, sep);
  if (Math.abs(n) < KIB) return fillIn(formats["size.bytes"], { n: count });
  if (Math.abs(n) < MIB) return fillIn(formats["size.kb"], { kb: tenths(n, KIB, sep), n: count });
  return fillIn(formats["size.mb"], { mb: tenths(n, MIB, sep), n: count });
}

/** An exact byte count: "30,720 字节". */
export function byteCount(formats, n) {
  return fillIn(formats["size.bytes"], { n: grouped(n, formats["number.group"] ?? ",") });
}

/** Months and days, a zero part left out: "12 个月", "11 个月 29 天", "5 天". */
export function durationText(formats, months, days) {
  if (months && days) return fillIn(formats["duration.both"], { months, days });
  if (months) return fillIn(formats["duration.months"], { months });
  return fillIn(formats["duration.days"], { days });
}
