// Fixed-capacity sample rings. One host timeline (Float64 epoch times, shared by every VM of the host
// because they are all sampled by the same call) plus, per VM, one Uint16Array holding every metric
// as bfloat16: the top half of a float32, so 8 exponent bits (any rate up to 3e38) and 8 significant
// bits (±0.2 % of the value: below one pixel of a chart). 1 h at 1 s × 10 metrics = 72 000 B per VM.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** bfloat16 of the canonical quiet NaN: "no sample". */
export const BF16_NAN = 0x7fc0;

/** Rounds to the nearest bfloat16 (ties to even). */
export function toBf16(x: number): number {
  if (Number.isNaN(x)) return BF16_NAN;
  f32[0] = x;
  const bits = u32[0]!;
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
}

export function fromBf16(h: number): number {
  u32[0] = h << 16;
  return f32[0]!;
}

/** Tick times of one host: tick k lives at k % capacity. */
export class Timeline {
  readonly times: Float64Array;
  /** Ticks written so far; the newest is ticks - 1. */
  ticks = 0;

  constructor(readonly capacity: number) {
    this.times = new Float64Array(capacity);
  }

  /** Starts tick `ticks` at time t and returns its number. */
  push(t: number): number {
    this.times[this.ticks % this.capacity] = t;
    return this.ticks++;
  }

  /** Oldest tick still held. */
  get first(): number {
    return Math.max(0, this.ticks - this.capacity);
  }

  timeOf(tick: number): number {
    return this.times[tick % this.capacity]!;
  }

  get byteLength(): number {
    return this.times.byteLength;
  }
}

/**
 * All metrics of one series owner (a VM, or a host) over the timeline's ticks: metric-major rows of
 * `capacity` slots. Ticks the owner missed (not running, failed tick) read as NaN.
 */
export class MetricRing {
  private readonly data: Uint16Array | Float32Array;
  /** Newest tick written, -1 before the first. */
  last = -1;

  constructor(
    readonly metrics: number,
    readonly capacity: number,
    readonly precision: 'bf16' | 'f32' = 'bf16',
  ) {
    this.data = precision === 'bf16' ? new Uint16Array(metrics * capacity).fill(BF16_NAN) : new Float32Array(metrics * capacity).fill(NaN);
  }

  /** Writes tick `tick`'s values (one per metric); ticks skipped since the last write become NaN. */
  write(tick: number, values: ArrayLike<number>): void {
    if (tick <= this.last) throw new Error(`tick ${tick} is not after ${this.last}`);
    const gapFrom = Math.max(this.last + 1, tick - this.capacity + 1);
    for (let k = gapFrom; k < tick; k++) this.fillTick(k);
    const slot = tick % this.capacity;
    const bf = this.data instanceof Uint16Array;
    for (let m = 0; m < this.metrics; m++) {
      const x = values[m] ?? NaN;
      this.data[m * this.capacity + slot] = bf ? toBf16(x) : x;
    }
    this.last = tick;
  }

  /** Value of metric m at tick (NaN when not written, or no longer held given the newest tick `now`). */
  read(m: number, tick: number): number {
    if (tick > this.last || tick < 0 || tick <= this.last - this.capacity) return NaN;
    const raw = this.data[m * this.capacity + (tick % this.capacity)]!;
    return this.data instanceof Uint16Array ? fromBf16(raw) : raw;
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  private fillTick(k: number): void {
    const slot = k % this.capacity;
    const empty = this.data instanceof Uint16Array ? BF16_NAN : NaN;
    for (let m = 0; m < this.metrics; m++) this.data[m * this.capacity + slot] = empty;
  }
}
