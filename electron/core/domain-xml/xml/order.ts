/**
 * Where libvirt writes each child, so elements we create land where a human (and
 * `virsh dumpxml`) expects them and diffs stay small. Parents not listed get appends.
 */
export const CHILD_ORDER: Readonly<Record<string, readonly string[]>> = {
  domain: ['name', 'uuid', 'genid', 'title', 'description', 'metadata', 'maxMemory', 'memory', 'currentMemory', 'blkiotune', 'memtune', 'memoryBacking', 'vcpu', 'vcpus', 'iothreads', 'iothreadids', 'cputune', 'numatune', 'resource', 'sysinfo', 'bootloader', 'bootloader_args', 'os', 'idmap', 'features', 'cpu', 'clock', 'on_poweroff', 'on_reboot', 'on_crash', 'pm', 'perf', 'devices', 'seclabel', 'keywrap', 'launchSecurity'],
  os: ['type', 'firmware', 'loader', 'nvram', 'kernel', 'initrd', 'cmdline', 'dtb', 'boot', 'bootmenu', 'smbios', 'bios', 'acpi'],
  memoryBacking: ['hugepages', 'nosharepages', 'locked', 'source', 'access', 'allocation', 'discard'],
  cpu: ['model', 'vendor', 'topology', 'cache', 'maxphysaddr', 'feature', 'numa'],
  cputune: ['vcpupin', 'emulatorpin', 'iothreadpin', 'shares', 'period', 'quota', 'global_period', 'global_quota', 'emulator_period', 'emulator_quota', 'iothread_period', 'iothread_quota', 'vcpusched', 'iothreadsched', 'cachetune', 'memorytune'],
  features: ['acpi', 'apic', 'pae', 'hap', 'privnet', 'hyperv', 'kvm', 'xen', 'pvspinlock', 'gic', 'ioapic', 'hpt', 'vmcoreinfo', 'smm', 'htm', 'vmport'],
  hyperv: ['relaxed', 'vapic', 'spinlocks', 'vpindex', 'runtime', 'synic', 'stimer', 'reset', 'vendor_id', 'frequencies', 'reenlightenment', 'tlbflush', 'ipi', 'evmcs', 'avic'],
  devices: ['emulator', 'disk', 'controller', 'lease', 'filesystem', 'interface', 'smartcard', 'serial', 'parallel', 'console', 'channel', 'input', 'tpm', 'graphics', 'sound', 'audio', 'video', 'hostdev', 'redirdev', 'redirfilter', 'hub', 'watchdog', 'memballoon', 'rng', 'panic', 'shmem', 'memory', 'iommu', 'vsock', 'crypto', 'pstore'],
  disk: ['driver', 'source', 'backingStore', 'target', 'iotune', 'readonly', 'shareable', 'transient', 'serial', 'wwn', 'vendor', 'product', 'encryption', 'blockio', 'boot', 'alias', 'address'],
  iotune: ['total_bytes_sec', 'read_bytes_sec', 'write_bytes_sec', 'total_iops_sec', 'read_iops_sec', 'write_iops_sec'],
  interface: ['mac', 'source', 'virtualport', 'vlan', 'ip', 'route', 'script', 'target', 'guest', 'model', 'driver', 'filterref', 'tune', 'bandwidth', 'link', 'mtu', 'boot', 'rom', 'alias', 'address'],
  graphics: ['listen', 'image', 'jpeg', 'zlib', 'playback', 'streaming', 'clipboard', 'mouse', 'filetransfer', 'gl', 'audio'],
  hostdev: ['source', 'driver', 'boot', 'rom', 'alias', 'address'],
  filesystem: ['driver', 'binary', 'source', 'target', 'readonly', 'alias', 'address'],
};
