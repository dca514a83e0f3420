import { describe, expect, it } from 'vitest';
import { DomainXmlError } from '../errors';
import { parseLossless } from './parse';
import { serializeLossless } from './serialize';

const rt = (s: string): string => serializeLossless(parseLossless(s));

describe('lossless parse/serialize', () => {
  it.each([
    `<a/>`,
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- top -->\n<a x='1'  y="2" ><b></b><c/>\n  <d z = 'q&apos;&#65;' >t &amp; &lt; &gt; &#x41;</d><![CDATA[<raw>]]><?pi  some data?></a>\n\n`,
    `<domain xmlns:vd="urn:vd" type='kvm'><metadata><vd:x vd:attr="1">v</vd:x></metadata>\r\n</domain>`,
    `<a>\n\t<b   />\n<!---->\n</a  >`,
  ])('round-trips %#', (src) => {
    expect(rt(src)).toBe(src);
  });

  it('resolves namespaces onto the DOM', () => {
    const doc = parseLossless(`<a xmlns:vd="urn:vd"><vd:m vd:k="1"/></a>`);
    const m = doc.getElementsByTagNameNS('urn:vd', 'm').item(0);
    expect(m?.getAttributeNS('urn:vd', 'k')).toBe('1');
  });

  it('decodes entities and normalizes attribute whitespace', () => {
    const doc = parseLossless(`<a v='x&#10;y\tz'>&lt;&amp;&#x263A;</a>`);
    expect(doc.documentElement?.getAttribute('v')).toBe('x\ny z');
    expect(doc.documentElement?.textContent).toBe('<&\u263a');
  });

  it('regenerates only what changed, keeping quote style', () => {
    const doc = parseLossless(`<a q="1" r='2'>\n  <b k='v'/>\n  <c>old</c>\n</a>`);
    const root = doc.documentElement!;
    root.setAttribute('r', "it's");
    root.setAttribute('s', '<&>');
    const c = root.getElementsByTagName('c').item(0)!;
    (c.firstChild as unknown as { data: string }).data = 'a<b';
    expect(serializeLossless(doc)).toBe(`<a q="1" r="it's" s="&lt;&amp;&gt;">\n  <b k='v'/>\n  <c>a&lt;b</c>\n</a>`);
  });

  it('self-closes an element whose children were all removed', () => {
    const doc = parseLossless(`<a><b><c/></b><e></e></a>`);
    const b = doc.getElementsByTagName('b').item(0)!;
    b.removeChild(b.firstChild!);
    expect(serializeLossless(doc)).toBe(`<a><b/><e></e></a>`);
  });

  it.each([
    [`<a><b></a>`],
    [`<a></a><b/>`],
    [`text<a/>`],
    [`<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`],
    [`<a x=1/>`],
    [`<a x='1' x='2'/>`],
    [`<p:a/>`],
    [''],
  ])('rejects malformed %s', (src) => {
    expect(() => parseLossless(src)).toThrow(DomainXmlError);
  });
});
