// What a user does to a VM: lifecycle actions, autostart, rename, and editing its XML. Every
// method names the VM by host and UUID; libvirt's refusal reaches the user as its LibvirtError.
import type { VmAction, VmLabels, XmlEditResult } from '../../../preload/contract/vms';
import type { LibvirtClient, remote_nonnull_domain } from '../../libvirt';
import { ApiError } from '../api/api-error';
import { DomainXml, DomainXmlError, domainDiff } from '../domain-xml';
import type { ClientResolver } from '../hosts/client-resolver';
import { uuidToBytes } from '../util/uuid';
import { writeLabels } from './vm-labels';

// Flags from libvirt-domain.h.
const VIR_DOMAIN_XML_SECURE = 1;
const VIR_DOMAIN_XML_INACTIVE = 2;
const VIR_DOMAIN_DEFINE_VALIDATE = 1;

export class VmOperations {
  constructor(
    private readonly resolve: ClientResolver,
    private readonly log: (line: string) => void = (l) => console.info(l),
  ) {}

  async act(hostId: string, uuid: string, action: VmAction): Promise<void> {
    const { client, dom } = await this.lookup(hostId, uuid);
    switch (action) {
      case 'start':
        await client.call('DOMAIN_CREATE_WITH_FLAGS', { dom, flags: 0 });
        return;
      case 'shutdown':
        await client.call('DOMAIN_SHUTDOWN_FLAGS', { dom, flags: 0 });
        return;
      case 'reboot':
        await client.call('DOMAIN_REBOOT', { dom, flags: 0 });
        return;
      case 'reset':
        await client.call('DOMAIN_RESET', { dom, flags: 0 });
        return;
      case 'force-off':
        await client.call('DOMAIN_DESTROY_FLAGS', { dom, flags: 0 });
        return;
      case 'pause':
        await client.call('DOMAIN_SUSPEND', { dom });
        return;
      case 'resume':
        await client.call('DOMAIN_RESUME', { dom });
        return;
      case 'managed-save':
        await client.call('DOMAIN_MANAGED_SAVE', { dom, flags: 0 });
        return;
      case 'managed-save-remove':
        await client.call('DOMAIN_MANAGED_SAVE_REMOVE', { dom, flags: 0 });
        return;
    }
  }

  async setAutostart(hostId: string, uuid: string, autostart: boolean): Promise<void> {
    const { client, dom } = await this.lookup(hostId, uuid);
    await client.call('DOMAIN_SET_AUTOSTART', { dom, autostart: autostart ? 1 : 0 });
  }

  async getAutostart(hostId: string, uuid: string): Promise<boolean> {
    const { client, dom } = await this.lookup(hostId, uuid);
    return (await client.call('DOMAIN_GET_AUTOSTART', { dom })).autostart !== 0;
  }

  /** Replaces the VM's group and tags in its <metadata>: the persistent definition, and the live one when it runs. */
  async setLabels(hostId: string, uuid: string, labels: VmLabels): Promise<void> {
    const { client, dom } = await this.lookup(hostId, uuid);
    await writeLabels(client, dom, labels, await this.isActive(client, dom));
  }

  async rename(hostId: string, uuid: string, newName: string): Promise<void> {
    const { client, dom } = await this.lookup(hostId, uuid);
    await client.call('DOMAIN_RENAME', { dom, new_name: newName, flags: 0 });
  }

  /** The persistent definition (what an edit changes), or the live one when `live`. */
  async getXml(hostId: string, uuid: string, live = false): Promise<string> {
    const { client, dom } = await this.lookup(hostId, uuid);
    // SECURE is left out on purpose: graphics passwords stay on the host.
    const flags = live ? 0 : VIR_DOMAIN_XML_INACTIVE;
    return (await client.call('DOMAIN_GET_XML_DESC', { dom, flags })).xml;
  }

  /**
   * Replaces the persistent definition of one VM with `xml`, after checking it parses, is that
   * same VM (UUID), and passes libvirt's schema validation. On any error nothing changes. The diff
   * is logged (passwords masked) and returned.
   */
  async defineXml(hostId: string, uuid: string, xml: string): Promise<XmlEditResult> {
    let edited: DomainXml;
    try {
      edited = DomainXml.parse(xml);
    } catch (err) {
      if (err instanceof DomainXmlError) throw new ApiError('INVALID_XML', err.message);
      throw err;
    }
    if (edited.uuid?.toLowerCase() !== uuid.toLowerCase()) {
      throw new ApiError(
        'INVALID_XML',
        `the XML must keep this VM's UUID ${uuid} (it has ${edited.uuid ? edited.uuid : 'none'}); to make a new VM use clone`,
      );
    }
    const { client, dom } = await this.lookup(hostId, uuid);
    const before = (await client.call('DOMAIN_GET_XML_DESC', { dom, flags: VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE })).xml;
    await client.call('DOMAIN_DEFINE_XML_FLAGS', { xml, flags: VIR_DOMAIN_DEFINE_VALIDATE });
    const after = (await client.call('DOMAIN_GET_XML_DESC', { dom, flags: VIR_DOMAIN_XML_INACTIVE })).xml;
    const diff = domainDiff(before, after, { fromLabel: `${dom.name} (before)`, toLabel: `${dom.name} (after)` });
    this.log(`[virtdeck] redefined ${dom.name} on host ${hostId}:\n${diff || '(no change)'}`);
    return { diff, needsRestart: await this.isActive(client, dom) };
  }

  private async isActive(client: LibvirtClient, dom: remote_nonnull_domain): Promise<boolean> {
    return (await client.call('DOMAIN_IS_ACTIVE', { dom })).active !== 0;
  }

  private async lookup(hostId: string, uuid: string): Promise<{ client: LibvirtClient; dom: remote_nonnull_domain }> {
    const client = this.resolve(hostId);
    const { dom } = await client.call('DOMAIN_LOOKUP_BY_UUID', { uuid: uuidToBytes(uuid) });
    return { client, dom };
  }
}
