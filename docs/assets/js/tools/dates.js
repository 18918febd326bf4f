// Months and days as people type them: 2019-09, 2019-9, 2019.09, 2019/09, 201909, 2019年9月 and full
// dates the same ways. The page's copy of validator/fields/dates.py (same forms; the table of forms
// both are tested on is tests/date_forms.json). No DOM here: importable by node --test.

const MONTH = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/;
const MONTH_COMPACT = /^(\d{4})(\d{2})$/;
const DAY = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/;
const DAY_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

const pad = (n, width = 2) => String(n).padStart(width, "0");

/** Full-width digits and separators (a Chinese keyboard's ２０１９－０９) read as their ASCII forms. */
function ascii(text) {
  return String(text ?? "")
    .trim()
    .replace(/[０-９－．／]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** [year, month] as typed (month not range-checked), or null when the text is not a month's shape. */
export function monthParts(text) {
  const value = ascii(text);
  const m = MONTH.exec(value) || MONTH_COMPACT.exec(value);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** [year, month, day] as typed (not range-checked), or null. */
export function dayParts(text) {
  const value = ascii(text);
  const m = DAY.exec(value) || DAY_COMPACT.exec(value);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** "YYYY-MM" for a real month in any accepted form, else null. */
export function parseMonth(text) {
  const parts = monthParts(text);
  if (!parts) {
    const day = parseDay(text); // a whole date typed into a month field: its month
    return day ? day.slice(0, 7) : null;
  }
  if (parts[1] < 1 || parts[1] > 12) return null;
  return `${pad(parts[0], 4)}-${pad(parts[1])}`;
}

/** "YYYY-MM-DD" for a real calendar day in any accepted form, else null (2027-02-30 is not one). */
export function parseDay(text) {
  const parts = dayParts(text);
  if (!parts) return null;
  const [y, m, d] = parts;
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}
