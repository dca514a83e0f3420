// libvirt's typed parameter lists ↔ plain numbers/strings. Values arrive as one of several XDR
// arms (int, uint, llong, ullong, double, boolean, string); callers only want the value.
import type { remote_typed_param, remote_typed_param_value } from '../../libvirt';
import { TYPED_PARAM_ULLONG } from './flags';

export function paramValue(v: remote_typed_param_value): number | string {
  switch (v.type) {
    case 1:
      return v.i;
    case 2:
      return v.ui;
    case 3:
      return Number(v.l);
    case 4:
      return Number(v.ul);
    case 5:
      return v.d;
    case 6:
      return v.b;
    case 7:
      return v.s;
  }
}

export function paramMap(params: readonly remote_typed_param[]): Map<string, number | string> {
  return new Map(params.map((p) => [p.field, paramValue(p.value)]));
}

export function ullong(field: string, value: number): remote_typed_param {
  return { field, value: { type: TYPED_PARAM_ULLONG, ul: BigInt(Math.trunc(value)) } };
}
