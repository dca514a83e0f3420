// Reading patch objects: a key left out keeps the value, null clears it. Number checks report
// into the shared issue list so every bad field of a change is listed, not just the first.
import type { ConfigIssue } from '../../../../preload/contract/hardware';

/** A props or patch object from a change (any plain object; read by key). */
export type Props = object;
const rec = (p: Props): Readonly<Record<string, unknown>> => p as Readonly<Record<string, unknown>>;

export const has = (p: Props, k: string): boolean => Object.prototype.hasOwnProperty.call(p, k) && rec(p)[k] !== undefined;
export const val = <T>(p: Props, k: string): T | undefined => (rec(p)[k] === null ? undefined : (rec(p)[k] as T | undefined));
/** True when the key is present with null ("clear"). */
export const cleared = (p: Props, k: string): boolean => rec(p)[k] === null;

/** Collects issues for one change, with paths under its own prefix (e.g. `changes[2].device.props`). */
export class ChangeIssues {
  constructor(
    readonly out: ConfigIssue[],
    readonly index: number,
    readonly prefix: string,
  ) {}

  add(field: string, message: string): void {
    this.out.push({ path: field ? `${this.prefix}.${field}` : this.prefix, message, change: this.index });
  }

  /** A whole number in [min, max], or undefined (absent/cleared). Reports and returns undefined when bad. */
  int(p: Props, field: string, what: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const v = val<number>(p, field);
    if (v === undefined) return undefined;
    if (!Number.isInteger(v) || v < min || v > max) {
      this.add(field, `${what} must be a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}`);
      return undefined;
    }
    return v;
  }

  /** A non-empty string, or undefined; reports empty ones when `required`. */
  text(p: Props, field: string, what: string, required = false): string | undefined {
    const v = val<string>(p, field);
    if ((v === undefined || v.trim() === '') && required) this.add(field, `${what} is required`);
    return v === undefined || v.trim() === '' ? undefined : v;
  }

  nested(field: string): ChangeIssues {
    return new ChangeIssues(this.out, this.index, `${this.prefix}.${field}`);
  }
}
