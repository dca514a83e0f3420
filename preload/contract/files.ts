// Local files the user picks (uploads, downloads, backups). Main only ever touches a local path
// that came back from one of these pickers in this session; anything else is refused.
import * as v from 'valibot';

export interface PickOptions {
  title?: string;
  /** Start here / propose this name. In the dev host (tests, UI development) it is taken as the pick. */
  suggestion?: string;
}

export interface FilesService {
  /** An existing file to read; null when the user cancelled. */
  pickOpenFile(options?: PickOptions): Promise<string | null>;
  /** A file to create; null when cancelled. */
  pickSaveFile(options?: PickOptions): Promise<string | null>;
  /** An existing folder; null when cancelled. */
  pickFolder(options?: PickOptions): Promise<string | null>;
}

const options = v.optional(
  v.strictObject({
    title: v.optional(v.pipe(v.string(), v.maxLength(200))),
    suggestion: v.optional(v.pipe(v.string(), v.maxLength(4096))),
  }),
);

export const filesArgSchemas = {
  pickOpenFile: v.union([v.strictTuple([]), v.strictTuple([options])]),
  pickSaveFile: v.union([v.strictTuple([]), v.strictTuple([options])]),
  pickFolder: v.union([v.strictTuple([]), v.strictTuple([options])]),
};
