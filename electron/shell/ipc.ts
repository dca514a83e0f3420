// The only IPC the renderer can use: one invoke channel into the core's dispatcher, and one event
// channel out. Calls from any frame other than our own top-level app:// page are refused.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_EVENT, IPC_INVOKE, type InvokeResult, type VirtdeckEvent } from '../../preload/contract';
import type { Dispatch } from '../core/api/dispatcher';
import { isAppUrl } from './security';

function fromOurFrame(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return !!frame && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

export function wireIpc(dispatch: Dispatch): void {
  ipcMain.handle(IPC_INVOKE, async (event, service: unknown, method: unknown, args: unknown): Promise<InvokeResult> => {
    if (!fromOurFrame(event)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an unknown frame was refused' } };
    }
    return dispatch(service, method, args);
  });
}

export function sendEvent(target: WebContents, event: VirtdeckEvent): void {
  if (!target.isDestroyed()) target.send(IPC_EVENT, event);
}
