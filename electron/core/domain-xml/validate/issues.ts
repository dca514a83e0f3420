/** One problem with a user value, located by a field path such as `devices.disks[1].targetDev`. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Every problem found, so the UI can mark all fields at once instead of one per round trip. */
export class ValidationError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(`invalid domain configuration:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ValidationError';
  }
}

/** Collects issues; `check(path, message | undefined)` records only real messages. */
export class Issues {
  readonly list: Issue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  check(path: string, message: string | undefined): void {
    if (message !== undefined) this.add(path, message);
  }
}
