// The only local paths main will read or write for the renderer: those the user picked in a file
// dialog this session. A compromised renderer can therefore not make main upload /etc/shadow to a
// volume or download over ~/.bashrc.
import path from 'node:path';
import type { FilesService, PickOptions } from '../../../preload/contract/files';
import { ApiError } from '../api/api-error';

export type PickKind = 'open' | 'save' | 'folder';

/** Shows the OS dialog (Electron shell) or stands in for it (dev host). */
export interface FilePicker {
  pick(kind: PickKind, options: PickOptions): Promise<string | null>;
}

export class PathGrants {
  private readonly granted = new Map<string, PickKind>();

  constructor(private readonly picker: FilePicker) {}

  readonly service: FilesService = {
    pickOpenFile: (o) => this.pick('open', o),
    pickSaveFile: (o) => this.pick('save', o),
    pickFolder: (o) => this.pick('folder', o),
  };

  /** Throws unless `file` was picked as `kind` (for 'folder', anything inside the picked folder counts). */
  require(file: string, kind: PickKind, what: string): void {
    const normal = path.resolve(file);
    const direct = this.granted.get(normal);
    if (direct === kind) return;
    if (kind === 'folder' || kind === 'save') {
      for (const [p, k] of this.granted) if (k === 'folder' && (normal === p || normal.startsWith(p + path.sep))) return;
    }
    throw new ApiError('PATH_NOT_PICKED', `${what}: choose ${file} with the file picker first`);
  }

  private async pick(kind: PickKind, options: PickOptions = {}): Promise<string | null> {
    const picked = await this.picker.pick(kind, options);
    if (picked === null) return null;
    if (!path.isAbsolute(picked)) throw new ApiError('INVALID_ARGUMENT', `the picker returned a relative path: ${picked}`);
    const normal = path.resolve(picked);
    this.granted.set(normal, kind);
    return normal;
  }
}

/**
 * For the dev host only (tests, UI development in a plain browser): there is no OS dialog, so the
 * suggestion is taken as the user's pick. Never used by the Electron app.
 */
export const suggestionPicker: FilePicker = {
  pick: async (_kind, options) => options.suggestion ?? null,
};
