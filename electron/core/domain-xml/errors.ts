/** Raised when XML cannot be parsed or does not have the basic shape of a libvirt domain. */
export class DomainXmlError extends Error {
  constructor(
    message: string,
    readonly code: 'malformed' | 'shape' | 'not-found' | 'unsupported',
  ) {
    super(message);
    this.name = 'DomainXmlError';
  }
}
