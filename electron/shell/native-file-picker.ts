import { BrowserWindow, dialog } from 'electron';
import type { FilePicker } from '../core/files/path-grants';

/** The OS file dialogs, attached to the focused window. What the user chooses becomes a grant. */
export const nativeFilePicker: FilePicker = {
  async pick(kind, options) {
    const parent = BrowserWindow.getFocusedWindow() ?? undefined;
    const base = { title: options.title, defaultPath: options.suggestion };
    if (kind === 'save') {
      const r = parent ? await dialog.showSaveDialog(parent, base) : await dialog.showSaveDialog(base);
      return r.canceled || !r.filePath ? null : r.filePath;
    }
    const props: ('openFile' | 'openDirectory' | 'createDirectory')[] = kind === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'];
    const r = parent ? await dialog.showOpenDialog(parent, { ...base, properties: props }) : await dialog.showOpenDialog({ ...base, properties: props });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
};
