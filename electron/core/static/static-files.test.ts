import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from './static-files';

describe('resolveStaticPath', () => {
  it('serves files inside the root and index.html for /', () => {
    expect(resolveStaticPath('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(resolveStaticPath('/srv/ui', '/assets/app.js')).toBe('/srv/ui/assets/app.js');
  });

  it('refuses anything that would leave the root', () => {
    for (const p of ['/../etc/passwd', '/assets/../../etc/passwd', '/%2e%2e/etc/passwd', '/..%2fetc', '/a%00b', '/a\\..\\b', '/%E0%A4%A']) {
      expect(resolveStaticPath('/srv/ui', p), p).toBeNull();
    }
  });
});
