import { describe, expect, it } from 'vitest';
import type { DeletePlanFile } from '../../../../preload/contract/vm-lifecycle-ext';
import { deleteButtonLabel, formatBytes } from '../../actions/vm-lifecycle';
import { freeVmName, vmNameError } from './vm-names';

const GiB = 1024 ** 3;
const file = (path: string, extra: Partial<DeletePlanFile> = {}): DeletePlanFile => ({
  path,
  roles: ['disk'],
  target: 'vda',
  pool: 'default',
  volume: path.split('/').pop()!,
  capacity: 10 * GiB,
  allocation: 10 * GiB,
  usedBy: [],
  deletable: true,
  reason: null,
  suggested: true,
  ...extra,
});

describe('delete button label', () => {
  it('names the VM, the count and the size', () => {
    expect(deleteButtonLabel('vm1', [file('/a'), file('/b')])).toBe('Delete vm1 and 2 disks (20 GiB)');
    expect(deleteButtonLabel('vm1', [file('/a', { allocation: null, capacity: 1536 })])).toBe('Delete vm1 and 1 disk (1.5 KiB)');
    expect(deleteButtonLabel('vm1', [file('/a'), file('/b.e1', { roles: ['snapshot-base'] })])).toBe('Delete vm1 and 2 files (20 GiB)');
    expect(deleteButtonLabel('vm1', [file('/a', { allocation: null, capacity: null })])).toBe('Delete vm1 and 1 disk');
    expect(deleteButtonLabel('vm1', [])).toBe('Delete vm1, keep its files');
  });
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(200 * GiB)).toBe('200 GiB');
    expect(formatBytes(null)).toBe('—');
  });
});

describe('new VM names', () => {
  it('suggests a free name and validates', () => {
    expect(freeVmName('vm1-clone', ['vm1', 'vm1-clone'])).toBe('vm1-clone-2');
    expect(vmNameError('', [])).toBe('Name is empty');
    expect(vmNameError('a/b', [])).toMatch(/'\/'/);
    expect(vmNameError('vm1', ['vm1'])).toContain('already exists');
    expect(vmNameError('ok', ['vm1'])).toBeNull();
  });
});
