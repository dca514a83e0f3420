/** Replaces graphics/auth passwords in XML text so it can be logged or shown. */
export function maskSecrets(xml: string): string {
  return xml.replace(/(\spasswd\s*=\s*)(['"])[^'"]*\2/g, '$1$2***$2');
}
