/**
 * UI-free model of libvirt domain XML: lossless parse/serialize, typed views per domain part
 * and device kind, validation of user values, and diffs for review/logging.
 */
export { DomainXml } from './domain';
export { DomainXmlError } from './errors';
export type { CpuConfig, CpuMode, Topology } from './domain/cpu';
export type { CpuTune, VcpuPin } from './domain/cputune';
export type { MemoryConfig } from './domain/memory';
export type { OsConfig } from './domain/os';
export type { Features } from './domain/features';
export { Devices } from './devices/devices';
export { DeviceList, ReadonlyDeviceList, type DeviceId, type DeviceInit } from './devices/device-list';
export type { DeviceView } from './devices/base';
export { Disk, type DiskBus } from './devices/disk';
export { Interface, type InterfaceType } from './devices/interface';
export { Graphics, type GraphicsListen } from './devices/graphics';
export type { Video } from './devices/video';
export type { Sound } from './devices/sound';
export type { Input } from './devices/input';
export { Hostdev, hostdevKey, type PciAddress } from './devices/hostdev';
export type { Redirdev } from './devices/redirdev';
export type { Serial, Console, Channel } from './devices/chardev';
export type { Watchdog, Tpm, Rng, Filesystem, Controller } from './devices/misc';
export { generateMac, normalizeMac, QEMU_OUI } from './mac';
export { maskSecrets } from './mask';
export { unifiedDiff, domainDiff, type DiffOptions } from './diff';
export { validateDomain, assertValidDomain } from './validate/validate';
export { ValidationError, type Issue } from './validate/issues';
export {
  checkName,
  checkUuid,
  checkMac,
  checkTargetDev,
  checkCpuset,
  parseCpuset,
  checkPort,
  checkAbsolutePath,
  checkCount,
  TARGET_DEV,
} from './validate/rules';
export { serializeElement } from './xml/serialize';
export { XmlView, defineView, type ViewClass, type Values } from './xml/view';
export { propertyUsage, type PropertyUse } from './xml/coverage';
