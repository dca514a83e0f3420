/** Bytes per unit as libvirt's virScaleInteger reads them (k/M/G… are powers of 1024). */
const SCALE: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  k: 1024,
  kib: 1024,
  mb: 1e6,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1e9,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  tb: 1e12,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  pb: 1e15,
  p: 1024 ** 5,
  pib: 1024 ** 5,
  eb: 1e18,
  e: 1024 ** 6,
  eib: 1024 ** 6,
};

/** Converts `value unit` to KiB, rounding up like libvirt; undefined for unknown units. */
export function toKiB(value: number, unit: string | undefined): number | undefined {
  const scale = SCALE[(unit ?? 'KiB').toLowerCase()];
  return scale === undefined ? undefined : Math.ceil((value * scale) / 1024);
}
