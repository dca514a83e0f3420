import type { Document, Element } from '@xmldom/xmldom';
import { CpuConfig } from './domain/cpu';
import { CpuTune, NumaTune } from './domain/cputune';
import { Features } from './domain/features';
import { DomainGeneral } from './domain/general';
import { MemoryConfig } from './domain/memory';
import { OsConfig } from './domain/os';
import { VcpuConfig } from './domain/vcpu';
import { Devices } from './devices/devices';
import { domainMacs } from './devices/interface';
import { DomainXmlError } from './errors';
import { generateMac } from './mac';
import { parseLossless } from './xml/parse';
import { serializeLossless } from './xml/serialize';
import { childElements } from './xml/tree';

const SINGLETONS = ['name', 'uuid', 'title', 'description', 'memory', 'currentMemory', 'vcpu', 'os', 'features', 'cpu', 'cputune', 'devices'];

/**
 * A libvirt domain definition being edited. Views (`memory`, `os`, `devices.disks`…) read and
 * write the parsed document in place; `serialize()` returns the original text with only the
 * edited parts changed.
 */
export class DomainXml extends DomainGeneral {
  private constructor(
    readonly doc: Document,
    root: Element,
  ) {
    super(root);
  }

  /** Parses and checks the basic shape; throws DomainXmlError ('malformed' | 'shape'). */
  static parse(xml: string): DomainXml {
    const doc = parseLossless(xml);
    const root = doc.documentElement;
    if (!root) throw new DomainXmlError('document has no root element', 'shape');
    const problems = shapeProblems(root);
    if (problems.length) throw new DomainXmlError(`not a libvirt domain: ${problems.join('; ')}`, 'shape');
    return new DomainXml(doc, root);
  }

  serialize(): string {
    return serializeLossless(this.doc);
  }

  /** An independent copy, e.g. to stage edits and diff against the original. */
  clone(): DomainXml {
    return DomainXml.parse(this.serialize());
  }

  get memory(): MemoryConfig {
    return new MemoryConfig(this.el);
  }
  get vcpu(): InstanceType<typeof VcpuConfig> {
    return new VcpuConfig(this.el);
  }
  get cpu(): CpuConfig {
    return new CpuConfig(this.el);
  }
  get cputune(): CpuTune {
    return new CpuTune(this.el);
  }
  get numatune(): InstanceType<typeof NumaTune> {
    return new NumaTune(this.el);
  }
  get os(): OsConfig {
    return new OsConfig(this.el);
  }
  get features(): Features {
    return new Features(this.el);
  }
  get devices(): Devices {
    return new Devices(this.el);
  }

  /** A fresh 52:54:00 MAC not used by any NIC of this domain. */
  newMac(): string {
    return generateMac(domainMacs(this.el));
  }

  /**
   * Per-device boot order (`<boot order='n'/>` on disks, NICs, hostdevs, redirdevs) in the
   * given sequence. libvirt rejects mixing it with `<os><boot dev=…>`, so those are removed.
   */
  setBootOrder(order: ReadonlyArray<{ el: Element; bootOrder: number | undefined }>): void {
    this.os.bootDevices = [];
    const d = this.devices;
    for (const dev of [...d.disks.all(), ...d.interfaces.all(), ...d.hostdevs.all(), ...d.redirdevs.all()]) {
      if (!order.some((o) => o.el === dev.el)) dev.bootOrder = undefined;
    }
    order.forEach((dev, i) => {
      dev.bootOrder = i + 1;
    });
  }
}

function shapeProblems(root: Element): string[] {
  const out: string[] = [];
  if (root.tagName !== 'domain' || root.namespaceURI) out.push(`root element is <${root.tagName}>, expected <domain>`);
  if (!root.getAttribute('type')) out.push('missing type attribute');
  if (!childElements(root, 'name').length) out.push('missing <name>');
  for (const tag of SINGLETONS) if (childElements(root, tag).length > 1) out.push(`more than one <${tag}>`);
  return out;
}
