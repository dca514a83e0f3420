import { describe, expect, it } from 'vitest';
import { parseAnnotations, parseCEnums, parseXdr } from './xdr-parser';

describe('xdr-parser', () => {
  it('parses the libvirt .x subset', () => {
    const defs = parseXdr(`
%#include <libvirt/libvirt.h>
/* comment */
const MAX = 0x10;
typedef string name_t<MAX>;
typedef name_t *opt_name;
typedef opaque uuid_t[16];
enum kind { A = 0, B = 2 };
struct s {
    unsigned hyper big;
    unsigned int u;
    char model[32];
    int list<MAX>;
    opaque blob<>;
    opt_name n;
    struct other *o;
};
union u switch (int type) {
 case 1:
     int i;
 case A:
 case B:
     void;
 default:
     double d;
};
`);
    expect(defs.map((d) => d.kind)).toEqual(['const', 'typedef', 'typedef', 'typedef', 'enum', 'struct', 'union']);
    expect(defs[0]).toEqual({ kind: 'const', name: 'MAX', value: 16 });
    expect(defs[1]).toEqual({ kind: 'typedef', decl: { name: 'name_t', type: 'string', shape: 'var', size: 'MAX' } });
    expect(defs[2]).toEqual({ kind: 'typedef', decl: { name: 'opt_name', type: { ref: 'name_t' }, shape: 'optional' } });
    const s = defs[5] as Extract<(typeof defs)[number], { kind: 'struct' }>;
    expect(s.fields.map((f) => [f.name, f.type, f.shape, f.size])).toEqual([
      ['big', 'uhyper', 'plain', undefined],
      ['u', 'uint', 'plain', undefined],
      ['model', 'char', 'fixed', 32],
      ['list', 'int', 'var', 'MAX'],
      ['blob', 'opaque', 'var', null],
      ['n', { ref: 'opt_name' }, 'plain', undefined],
      ['o', { ref: 'other' }, 'optional', undefined],
    ]);
    const u = defs[6] as Extract<(typeof defs)[number], { kind: 'union' }>;
    expect(u.disc).toEqual({ name: 'type', type: 'int', shape: 'plain' });
    expect(u.arms.map((a) => a.cases)).toEqual([[1], ['A', 'B']]);
    expect(u.arms[1]!.decl.type).toBe('void');
    expect(u.defaultArm).toEqual({ name: 'd', type: 'double', shape: 'plain' });
  });

  it('keeps the comment before each enum member for annotations', () => {
    const [e] = parseXdr(`enum remote_procedure {
    /* big doc comment */
    /**
     * @generate: both
     * @priority: high
     * @acl: domain:read
     */
    REMOTE_PROC_X = 1,
    /**
     * @readstream: 1
     */
    REMOTE_PROC_Y = 2
};`);
    const members = (e as Extract<typeof e, { kind: 'enum' }>).members;
    const a = parseAnnotations(members[0]!.comment);
    expect(a.get('priority')).toEqual(['high']);
    expect(a.get('generate')).toEqual(['both']);
    expect(parseAnnotations(members[1]!.comment).get('readstream')).toEqual(['1']);
  });

  it('parses C enums with implicit values, shifts and sentinels', () => {
    const [e] = parseCEnums(`
typedef enum {
    VIR_ERR_OK = 0,
    VIR_ERR_A,          /* comment */
    VIR_ERR_B = 5,
    VIR_ERR_C,
# ifdef VIR_ENUM_SENTINELS
    VIR_ERR_NUMBER_LAST
# endif
} virErrorNumber;`);
    expect(e!.name).toBe('virErrorNumber');
    expect(e!.members).toEqual([
      { name: 'VIR_ERR_OK', value: 0 },
      { name: 'VIR_ERR_A', value: 1 },
      { name: 'VIR_ERR_B', value: 5 },
      { name: 'VIR_ERR_C', value: 6 },
      { name: 'VIR_ERR_NUMBER_LAST', value: 7 },
    ]);
  });
});
