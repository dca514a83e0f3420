import { parsePath } from '../xml/path';
import { flag, int, onOff, str } from '../xml/props';
import { findElement, pruneEmpty, removeElement } from '../xml/tree';
import { defineView } from '../xml/view';
import { DeviceBase, type DeviceKind } from './base';

const SOURCE = parsePath('./source');

export type DiskBus = 'virtio' | 'sata' | 'scsi' | 'ide' | 'usb' | 'fdc' | 'xen' | 'sd';

export class Disk extends defineView(
  'disk',
  {
    type: str<'file' | 'block' | 'dir' | 'network' | 'volume'>('./@type'),
    device: str<'disk' | 'cdrom' | 'floppy' | 'lun'>('./@device'),
    driverName: str('./driver/@name'),
    driverType: str('./driver/@type'),
    cache: str('./driver/@cache'),
    io: str('./driver/@io'),
    discard: str<'unmap' | 'ignore'>('./driver/@discard'),
    detectZeroes: str('./driver/@detect_zeroes'),
    sourceFile: str('./source/@file'),
    sourceDev: str('./source/@dev'),
    sourceDir: str('./source/@dir'),
    sourcePool: str('./source/@pool'),
    sourceVolume: str('./source/@volume'),
    sourceProtocol: str('./source/@protocol'),
    sourceName: str('./source/@name'),
    sourceHost: str('./source/host/@name'),
    sourcePort: int('./source/host/@port'),
    startupPolicy: str('./source/@startupPolicy'),
    targetDev: str('./target/@dev'),
    targetBus: str<DiskBus>('./target/@bus'),
    tray: str<'open' | 'closed'>('./target/@tray'),
    removable: onOff('./target/@removable'),
    readonly: flag('./readonly'),
    shareable: flag('./shareable'),
    serial: str('./serial'),
    bootOrder: int('./boot/@order'),
    totalBytesSec: int('./iotune/total_bytes_sec'),
    readBytesSec: int('./iotune/read_bytes_sec'),
    writeBytesSec: int('./iotune/write_bytes_sec'),
    totalIopsSec: int('./iotune/total_iops_sec'),
    readIopsSec: int('./iotune/read_iops_sec'),
    writeIopsSec: int('./iotune/write_iops_sec'),
  },
  DeviceBase,
) {
  get isRemovable(): boolean {
    return this.device === 'cdrom' || this.device === 'floppy';
  }

  /** The image or host device currently backing the disk; undefined for an empty drive. */
  get media(): string | undefined {
    return this.sourceFile ?? this.sourceDev;
  }

  /** CD-ROM/floppy media change: point the drive at an image file. */
  insertMedia(path: string): void {
    this.assertRemovable();
    if (this.type !== 'file') this.type = 'file';
    this.sourceDev = undefined;
    this.sourceFile = path;
  }

  /** Empties the drive; libvirt reads a removable disk without `<source>` as ejected. */
  eject(): void {
    this.assertRemovable();
    const src = findElement(this.el, SOURCE);
    if (src) removeElement(src);
    pruneEmpty(this.el, SOURCE);
  }

  private assertRemovable(): void {
    if (!this.isRemovable) throw new Error(`disk ${this.targetDev ?? ''} is not removable media`);
  }
}

export const diskKind: DeviceKind<Disk> = { tag: 'disk', View: Disk, key: (d) => d.targetDev };
