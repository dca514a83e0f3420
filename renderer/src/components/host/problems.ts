// The core reports every problem of a spec at once: INVALID_ARGUMENT "<what>: p1; p2; …". Split
// it and route each problem to the form field it is about (by the words libvirt-side validation
// uses), so the wizard can show it next to that field.
import { ApiCallError } from '../../api/virtdeck';

export function splitProblems(err: unknown): string[] | null {
  if (!(err instanceof ApiCallError) || err.code !== 'INVALID_ARGUMENT') return null;
  const msg = err.message;
  const colon = msg.indexOf(': ');
  const body = colon >= 0 ? msg.slice(colon + 2) : msg;
  return body.split('; ').filter(Boolean);
}

/** Problems grouped by field; `rules` are tried in order, the first whose test matches wins; the rest go to ''. */
export function routeProblems(problems: string[], rules: [field: string, test: RegExp][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of problems) {
    const field = rules.find(([, re]) => re.test(p))?.[0] ?? '';
    out.set(field, [...(out.get(field) ?? []), p]);
  }
  return out;
}
