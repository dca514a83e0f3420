// User-defined group and tags, kept in each domain's own <metadata> under Virtdeck's namespace so
// they travel with the VM (migration, dumpxml/define, other tools):
//   <virtdeck:vm xmlns:virtdeck="https://virtdeck.org/xmlns/vm/1"><group>Web</group><tag>prod</tag></virtdeck:vm>
import type { Element as XmlElement } from '@xmldom/xmldom';
import { normalizeLabels, VM_TAG_PATTERN, type VmLabels } from '../../../preload/contract/vms';
import { LibvirtError, type LibvirtClient, type remote_nonnull_domain } from '../../libvirt';
import { el, parseXml, renderXml } from '../storage/xml-util';

export const VIRTDECK_NS = 'https://virtdeck.org/xmlns/vm/1';
export const VIRTDECK_NS_KEY = 'virtdeck';

// virDomainMetadataType / virDomainModificationImpact
const METADATA_ELEMENT = 2;
const AFFECT_LIVE = 1;
const AFFECT_CONFIG = 2;

/** The element's content as labels; anything unexpected (foreign children, bad tags) is skipped, not fatal. */
export function parseLabels(xml: string): VmLabels {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch {
    return { group: null, tags: [] };
  }
  let group: string | null = null;
  const tags: string[] = [];
  for (let n = root.firstChild; n; n = n.nextSibling) {
    if (n.nodeType !== 1) continue;
    const e = n as XmlElement;
    const name = e.localName ?? e.tagName;
    const text = (e.textContent ?? '').trim();
    if (name === 'group' && group === null && text) group = text;
    else if (name === 'tag' && VM_TAG_PATTERN.test(text)) tags.push(text);
  }
  return normalizeLabels({ group, tags });
}

/** The element libvirt stores (without the namespace: libvirt adds it from key + uri); escaped by renderXml. */
export function labelsXml(labels: VmLabels): string {
  const { group, tags } = normalizeLabels(labels);
  return renderXml(el('vm', {}, group !== null ? el('group', {}, group) : null, ...tags.map((t) => el('tag', {}, t)))).trim();
}

export async function readLabels(client: LibvirtClient, dom: remote_nonnull_domain, flags = 0): Promise<VmLabels> {
  try {
    const { metadata } = await client.call('DOMAIN_GET_METADATA', { dom, type: METADATA_ELEMENT, uri: VIRTDECK_NS, flags });
    return parseLabels(metadata);
  } catch (err) {
    if (err instanceof LibvirtError && err.codeName === 'VIR_ERR_NO_DOMAIN_METADATA') return { group: null, tags: [] };
    throw err;
  }
}

/** Writes (or, when empty, removes) the element in the persistent definition, and the live one when `live`. */
export async function writeLabels(client: LibvirtClient, dom: remote_nonnull_domain, labels: VmLabels, live: boolean): Promise<void> {
  const norm = normalizeLabels(labels);
  const empty = norm.group === null && norm.tags.length === 0;
  await client.call('DOMAIN_SET_METADATA', {
    dom,
    type: METADATA_ELEMENT,
    metadata: empty ? null : labelsXml(norm),
    key: empty ? null : VIRTDECK_NS_KEY,
    uri: VIRTDECK_NS,
    flags: AFFECT_CONFIG | (live ? AFFECT_LIVE : 0),
  });
}
