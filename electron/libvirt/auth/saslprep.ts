/**
 * SASLprep (RFC 4013, a stringprep profile) for SCRAM user names and passwords, as RFC 5802
 * asks. Pure ASCII printable strings come back unchanged, which covers what virtually every
 * libvirt SASL database holds. Unassigned code points are allowed (the "query" rules).
 */

type Ranges = ReadonlyArray<readonly [number, number]>;

// Tables as code-point ranges (not regex classes: many of these are combining/joiner characters).
// RFC 3454 B.1: commonly mapped to nothing.
const MAP_TO_NOTHING: Ranges = [[0xad, 0xad], [0x34f, 0x34f], [0x1806, 0x1806], [0x180b, 0x180d], [0x200b, 0x200d], [0x2060, 0x2060], [0xfe00, 0xfe0f], [0xfeff, 0xfeff]];
// RFC 3454 C.1.2: non-ASCII space characters, mapped to U+0020.
const NON_ASCII_SPACE: Ranges = [[0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200b], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]];
// RFC 3454 C.2.1/C.2.2 (controls), C.3 (private use), C.4 (non-characters), C.5 (surrogates),
// C.6 (inappropriate for plain text), C.7 (canonical representation), C.8 (display/deprecated), C.9 (tagging).
const PROHIBITED: Ranges = [
  [0x0, 0x1f], [0x7f, 0x9f], [0x340, 0x341], [0x6dd, 0x6dd], [0x70f, 0x70f], [0x180e, 0x180e], [0x200c, 0x200f],
  [0x2028, 0x202e], [0x2060, 0x2063], [0x206a, 0x206f], [0x2ff0, 0x2ffb], [0xd800, 0xdfff], [0xe000, 0xf8ff],
  [0xfdd0, 0xfdef], [0xfeff, 0xfeff], [0xfff9, 0xffff], [0x1d173, 0x1d17a], [0xe0001, 0xe0001], [0xe0020, 0xe007f],
  [0xf0000, 0xffffd], [0x100000, 0x10fffd],
];
// Bidi: RFC 3454 D.1 (R/AL: Hebrew, Arabic, Syriac, Thaana and their presentation forms) and D.2 (L, approximated).
const RAND_AL_CAT: Ranges = [[0x5be, 0x5be], [0x5c0, 0x5c0], [0x5c3, 0x5c3], [0x5d0, 0x5f4], [0x61b, 0x61b], [0x61f, 0x64a], [0x66d, 0x6d5], [0x6e5, 0x6e6], [0x6fa, 0x70d], [0x710, 0x72c], [0x780, 0x7b1], [0x200f, 0x200f], [0xfb1d, 0xfdfc], [0xfe70, 0xfefc]];
const L_CAT: Ranges = [[0x41, 0x5a], [0x61, 0x7a], [0xaa, 0xaa], [0xb5, 0xb5], [0xba, 0xba], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2ad], [0x370, 0x4ff], [0x531, 0x587], [0x900, 0x1fff], [0x3040, 0x9fff], [0xac00, 0xd7a3]];

const inRanges = (cp: number, r: Ranges) => r.some(([lo, hi]) => cp >= lo && cp <= hi);
const isPlane15or16NonChar = (cp: number) => (cp & 0xfffe) === 0xfffe;

export class SaslPrepError extends Error {
  override readonly name = 'SaslPrepError';
}

/** Returns the SASLprep'd form of `s`, or throws SaslPrepError naming what is wrong (never the value). */
export function saslprep(s: string, what = 'string'): string {
  let mapped = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new SaslPrepError(`the ${what} is not valid Unicode`);
    if (inRanges(cp, MAP_TO_NOTHING)) continue;
    mapped += inRanges(cp, NON_ASCII_SPACE) ? ' ' : ch;
  }
  const out = mapped.normalize('NFKC');
  const cps = [...out].map((c) => c.codePointAt(0)!);
  if (cps.some((cp) => inRanges(cp, PROHIBITED) || isPlane15or16NonChar(cp)))
    throw new SaslPrepError(`the ${what} contains a prohibited character (control, private-use or formatting character)`);
  if (cps.some((cp) => inRanges(cp, RAND_AL_CAT))) {
    if (cps.some((cp) => inRanges(cp, L_CAT)) || !inRanges(cps[0]!, RAND_AL_CAT) || !inRanges(cps[cps.length - 1]!, RAND_AL_CAT))
      throw new SaslPrepError(`the ${what} mixes right-to-left and left-to-right text in a way SASLprep forbids`);
  }
  return out;
}
