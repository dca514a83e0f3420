import { describe, expect, it } from 'vitest';
import { BF16_NAN, fromBf16, MetricRing, Timeline, toBf16 } from './ring';
import { VM_METRIC_COUNT } from './rates';

describe('bfloat16', () => {
  it('keeps values within 0.4 % over the whole range rates take, and NaN/0 exactly', () => {
    for (const x of [0, 1, 0.37, 12.5, 99.99, 4096, 123_456_789, 1.5e9, 3.2e12, -7.25]) {
      const y = fromBf16(toBf16(x));
      expect(Math.abs(y - x)).toBeLessThanOrEqual(Math.abs(x) * 0.004);
    }
    expect(fromBf16(toBf16(0))).toBe(0);
    expect(toBf16(NaN)).toBe(BF16_NAN);
    expect(fromBf16(BF16_NAN)).toBeNaN();
    expect(fromBf16(toBf16(Infinity))).toBe(Infinity);
  });

  it('rounds to nearest (ties to even)', () => {
    // 1 + 2^-8 lies exactly between 1 and 1 + 2^-7: ties go to the even mantissa (1).
    expect(fromBf16(toBf16(1 + 2 ** -8))).toBe(1);
    expect(fromBf16(toBf16(1 + 3 * 2 ** -8))).toBe(1 + 2 ** -6);
    expect(fromBf16(toBf16(1 + 2 ** -8 + 2 ** -12))).toBe(1 + 2 ** -7);
  });
});

describe('MetricRing', () => {
  it('wraps around: holds the newest `capacity` ticks, older ones read as missing', () => {
    const r = new MetricRing(2, 5, 'f32');
    for (let k = 0; k < 12; k++) r.write(k, [k, k * 10]);
    expect(r.last).toBe(11);
    for (let k = 7; k <= 11; k++) expect([r.read(0, k), r.read(1, k)]).toEqual([k, k * 10]);
    for (const k of [0, 5, 6, 12, -1]) expect(r.read(0, k)).toBeNaN();
  });

  it('fills ticks the owner missed with NaN, also across a wrap', () => {
    const r = new MetricRing(1, 4);
    r.write(0, [1]);
    r.write(1, [2]);
    r.write(3, [4]); // tick 2 missed
    expect(r.read(0, 2)).toBeNaN();
    expect(r.read(0, 3)).toBe(4);
    r.write(9, [10]); // gap longer than the ring
    expect([6, 7, 8].map((k) => r.read(0, k)).every(Number.isNaN)).toBe(true);
    expect(r.read(0, 9)).toBe(10);
    expect(() => r.write(9, [1])).toThrow(/not after/);
  });

  it('reads a never-written ring as NaN', () => {
    const r = new MetricRing(3, 10);
    expect(r.read(1, 0)).toBeNaN();
  });

  it('timeline keeps the last capacity times', () => {
    const tl = new Timeline(3);
    for (let k = 0; k < 5; k++) expect(tl.push(1000 * k)).toBe(k);
    expect(tl.first).toBe(2);
    expect(tl.timeOf(4)).toBe(4000);
    expect(tl.timeOf(2)).toBe(2000);
  });
});

describe('memory accounting', () => {
  it('1000 VMs × all metrics × 1 h at 1 s stay under 100 MB (byteLengths, and what the heap really grows by)', () => {
    const perVm = new MetricRing(VM_METRIC_COUNT, 3600).byteLength;
    expect(perVm).toBe(VM_METRIC_COUNT * 3600 * 2);
    const total = perVm * 1000 + new Timeline(3600).byteLength;
    expect(total).toBeLessThan(100e6);
    // Typed arrays live outside the JS heap: arrayBuffers counts them.
    const before = process.memoryUsage().arrayBuffers;
    const rings = Array.from({ length: 1000 }, () => new MetricRing(VM_METRIC_COUNT, 3600));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeGreaterThanOrEqual(total * 0.95);
    expect(grown).toBeLessThan(total * 1.1);
    expect(rings.length).toBe(1000);
  });
});
