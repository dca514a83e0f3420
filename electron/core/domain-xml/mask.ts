const PASSWD = /(\spasswd\s*=\s*)('[^']*'|"[^"]*")/g;

function passwords(xml: string): string[] {
  return [...xml.matchAll(PASSWD)].map((m) => m[2] ?? '');
}

/**
 * Replaces graphics passwords in XML text so it can be logged or shown. Given `previous`, a
 * password that differs from the one at the same position there reads `***changed***`, so a
 * diff still shows that it changed without showing either value.
 */
export function maskSecrets(xml: string, previous?: string): string {
  const old = previous === undefined ? undefined : passwords(previous);
  let i = 0;
  return xml.replace(PASSWD, (_m, lead: string, quoted: string) => {
    const q = quoted[0] ?? "'";
    const changed = old !== undefined && old[i] !== quoted;
    i++;
    return `${lead}${q}${changed ? '***changed***' : '***'}${q}`;
  });
}
