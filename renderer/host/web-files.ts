// Reading and writing the user's files from a page: the File System Access API where the browser has it
// (Chromium: real Open/Save dialogs, and Save writes back to the same file), an <input type=file> upload
// and a Blob download link everywhere else.

import { downloadText } from './download.ts';

/** The parts of the File System Access API used here (not in TypeScript's DOM library: it is a WICG draft). */
export interface FileHandle {
  readonly name: string;
  getFile(): Promise<File>;
  createWritable(): Promise<{ write(data: Blob | string): Promise<void>; close(): Promise<void> }>;
  queryPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
  requestPermission?(options: { mode: 'read' | 'readwrite' }): Promise<PermissionState>;
}

interface PickerType { description: string; accept: Record<string, string[]> }
interface FileSystemAccessWindow {
  showOpenFilePicker?(options: { types?: PickerType[]; multiple?: boolean; excludeAcceptAllOption?: boolean }): Promise<FileHandle[]>;
  showSaveFilePicker?(options: { suggestedName?: string; types?: PickerType[] }): Promise<FileHandle>;
}

const GRADFLOW_TYPE: PickerType = { description: 'Gradflow graph', accept: { 'application/json': ['.gradflow', '.json'] } };

const fsa = (): FileSystemAccessWindow => window as unknown as FileSystemAccessWindow;
export const hasFileSystemAccess = (): boolean => typeof fsa().showOpenFilePicker === 'function' && typeof fsa().showSaveFilePicker === 'function';

/** The user closing a picker is not an error: it becomes `null`. */
const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

export interface PickedFile {
  file: File;
  handle?: FileHandle;
}

/** Ask for one file; `gradflowOnly` filters the picker to graphs (data files may be anything). */
export async function pickFile(gradflowOnly: boolean): Promise<PickedFile | null> {
  const picker = fsa().showOpenFilePicker;
  if (picker) {
    try {
      const [handle] = await picker.call(window, gradflowOnly ? { types: [GRADFLOW_TYPE] } : {});
      return handle ? { file: await handle.getFile(), handle } : null;
    } catch (error) {
      if (isAbort(error)) return null;
      throw error;
    }
  }
  return uploadFile(gradflowOnly ? '.gradflow,.json,application/json' : '');
}

/** The classic upload: a hidden file input. Resolves `null` when the dialog is cancelled. */
export function uploadFile(accept: string): Promise<PickedFile | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    if (accept) input.accept = accept;
    input.style.display = 'none';
    const finish = (picked: PickedFile | null) => { input.remove(); resolve(picked); };
    input.addEventListener('change', () => { const file = input.files?.[0]; finish(file ? { file } : null); });
    input.addEventListener('cancel', () => finish(null));
    document.body.append(input);
    input.click();
  });
}

/** Write `text` through a handle; the browser writes a swap file and swaps it in on close (no torn file). */
export async function writeHandle(handle: FileHandle, text: string): Promise<boolean> {
  if (handle.queryPermission && (await handle.queryPermission({ mode: 'readwrite' })) !== 'granted') {
    if (!handle.requestPermission || (await handle.requestPermission({ mode: 'readwrite' })) !== 'granted') return false;
  }
  const writable = await handle.createWritable();
  await writable.write(new Blob([text], { type: 'application/json' }));
  await writable.close();
  return true;
}

/** Ask where to save and write there; `null` when cancelled. */
export async function saveWithPicker(suggestedName: string, text: string): Promise<FileHandle | null> {
  const picker = fsa().showSaveFilePicker;
  if (!picker) throw new Error('this browser has no save dialog');
  try {
    const handle = await picker.call(window, { suggestedName, types: [GRADFLOW_TYPE] });
    return (await writeHandle(handle, text)) ? handle : null;
  } catch (error) {
    if (isAbort(error)) return null;
    throw error;
  }
}

/** The fallback Save: a download of the text under `fileName`. */
export const downloadDocument = (fileName: string, text: string): void => downloadText(text, fileName, 'application/json');

/** "My graph" → "My graph.gradflow"; file names keep theirs. */
export function fileNameFor(name: string): string {
  const base = name.replace(/[\\/:*?"<>|]+/g, '-').trim() || 'untitled';
  return /\.(gradflow|json)$/i.test(base) ? base : `${base}.gradflow`;
}
