/**
 * libvirt's hypers arrive as bigint (exact). What crosses to the renderer is JSON, so counters are
 * turned into numbers here: exact up to 2^53 (9 PB, or 104 days of CPU time in ns), which is where
 * a float's rounding starts and stays far below anything a rate or a chart can show.
 */
export function toNumber(value: bigint | number): number {
  return typeof value === 'number' ? value : Number(value);
}
