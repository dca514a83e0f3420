import type { DomainXml } from '../domain';
import { checkBootOrder, checkDisks, checkGraphics, checkInterfaces, checkOtherDevices, checkPassthrough } from './device-rules';
import { checkCpus, checkGeneral, checkMemory, checkOs } from './domain-rules';
import { Issues, ValidationError, type Issue } from './issues';

/** Every problem in the domain's user-editable settings, in document order. */
export function validateDomain(dom: DomainXml): Issue[] {
  const out = new Issues();
  for (const rule of [checkGeneral, checkMemory, checkCpus, checkOs, checkDisks, checkInterfaces, checkGraphics, checkPassthrough, checkOtherDevices, checkBootOrder]) {
    rule(dom, out);
  }
  return out.list;
}

/** Throws ValidationError listing all issues; call before define/redefine. */
export function assertValidDomain(dom: DomainXml): void {
  const issues = validateDomain(dom);
  if (issues.length) throw new ValidationError(issues);
}
