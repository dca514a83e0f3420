import { flag, int, sizeKiB, str } from '../xml/props';
import { defineView } from '../xml/view';

/** Memory sizes (always KiB here, whatever unit the XML used) and `<memoryBacking>`. */
export class MemoryConfig extends defineView('memory', {
  memoryKiB: sizeKiB('./memory', './memory/@unit'),
  currentMemoryKiB: sizeKiB('./currentMemory', './currentMemory/@unit'),
  maxMemoryKiB: sizeKiB('./maxMemory', './maxMemory/@unit'),
  maxMemorySlots: int('./maxMemory/@slots'),
  hugepages: flag('./memoryBacking/hugepages'),
  hugepageSizeKiB: sizeKiB('./memoryBacking/hugepages/page/@size', './memoryBacking/hugepages/page/@unit'),
  locked: flag('./memoryBacking/locked'),
  /** memfd / file / anonymous; virtiofs needs memfd (or file) with shared access. */
  sourceType: str('./memoryBacking/source/@type'),
  accessMode: str<'shared' | 'private'>('./memoryBacking/access/@mode'),
}) {
  /** Sets memory and currentMemory together, the common "RAM" edit. */
  setRam(kib: number): void {
    this.memoryKiB = kib;
    this.currentMemoryKiB = kib;
  }
}
