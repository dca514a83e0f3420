/**
 * Generates electron/libvirt/protocol/generated/*.ts from libvirt's protocol definitions.
 *
 *   node --import tsx scripts/gen-protocol.ts --remote /tmp/remote_protocol.x \
 *     --virnet /tmp/virnetprotocol.x --keepalive /tmp/virkeepaliveprotocol.x \
 *     --virterror /tmp/virterror.h --version X.Y.Z [--out DIR]
 *
 * The .x files are inputs only (they stay out of the repo); the generated TypeScript is committed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type BaseType, type Decl, type Def, parseAnnotations, parseCEnums, parseXdr } from './xdr-parser';

/**
 * Constants the .x files take from libvirt's public C headers (stable ABI values; see
 * libvirt-host.h and libvirt-common.h). rpcgen resolves them through #include; we cannot.
 */
const EXTERNAL_CONSTANTS: Record<string, number> = {
  VIR_UUID_BUFLEN: 16,
  VIR_SECURITY_MODEL_BUFLEN: 256 + 1,
  VIR_SECURITY_LABEL_BUFLEN: 4096 + 1,
  VIR_SECURITY_DOI_BUFLEN: 256 + 1,
  VIR_TYPED_PARAM_INT: 1,
  VIR_TYPED_PARAM_UINT: 2,
  VIR_TYPED_PARAM_LLONG: 3,
  VIR_TYPED_PARAM_ULLONG: 4,
  VIR_TYPED_PARAM_DOUBLE: 5,
  VIR_TYPED_PARAM_BOOLEAN: 6,
  VIR_TYPED_PARAM_STRING: 7,
};

const UNBOUNDED = 0xffffffff;

class Emitter {
  /** Every constant/enum value visible to this file, for sizes and union cases. */
  private readonly values = new Map<string, number>(Object.entries(EXTERNAL_CONSTANTS));
  private readonly enums = new Set<string>();
  private readonly localConsts = new Set<string>();
  readonly structs = new Set<string>();
  private readonly out: string[] = [];

  constructor(private readonly imports: Map<string, Emitter> = new Map()) {}

  resolve(v: number | string): number {
    if (typeof v === 'number') return v;
    const got = this.values.get(v) ?? [...this.imports.values()].map((e) => e.values.get(v)).find((x) => x !== undefined);
    if (got === undefined) throw new Error(`unknown constant ${v}`);
    return got;
  }

  /** Emits a size reference: the constant's name when it is ours, else the literal. */
  private sizeExpr(v: number | string | null | undefined): string {
    if (v === null || v === undefined) return String(UNBOUNDED);
    if (typeof v === 'string' && this.localConsts.has(v)) return v;
    const n = this.resolve(v);
    return typeof v === 'string' ? `${n} /* ${v} */` : String(n);
  }

  private baseTs(t: BaseType): string {
    if (typeof t === 'object') return this.enums.has(t.ref) ? 'number' : t.ref;
    switch (t) {
      case 'hyper':
      case 'uhyper':
        return 'bigint';
      case 'bool':
        return 'boolean';
      case 'string':
        return 'string';
      case 'opaque':
        return 'Buffer';
      case 'void':
        return 'undefined';
      default:
        return 'number';
    }
  }

  private baseCodec(t: BaseType): string {
    if (typeof t === 'object') return this.enums.has(t.ref) ? 'x.int' : t.ref;
    switch (t) {
      case 'int':
      case 'char':
      case 'short':
        // rpcgen encodes char and short as full 4-byte XDR ints.
        return 'x.int';
      case 'uint':
      case 'uchar':
      case 'ushort':
        return 'x.uint';
      case 'hyper':
        return 'x.hyper';
      case 'uhyper':
        return 'x.uhyper';
      case 'bool':
        return 'x.bool';
      case 'float':
        return 'x.float';
      case 'double':
        return 'x.double';
      case 'void':
        return 'x.voidCodec';
      case 'string':
      case 'opaque':
        throw new Error(`${t} needs a size`);
    }
  }

  tsType(d: Decl): string {
    if (d.type === 'string') return 'string';
    if (d.type === 'opaque') return 'Buffer';
    const base = this.baseTs(d.type);
    switch (d.shape) {
      case 'plain':
        return base;
      case 'optional':
        return `${base} | null`;
      default:
        return base.includes(' ') ? `(${base})[]` : `${base}[]`;
    }
  }

  codec(d: Decl): string {
    if (d.type === 'string') {
      if (d.shape !== 'var') throw new Error(`string ${d.name} must be string<N>`);
      return `x.string(${this.sizeExpr(d.size)})`;
    }
    if (d.type === 'opaque') {
      if (d.shape === 'fixed') return `x.fixedOpaque(${this.sizeExpr(d.size)})`;
      if (d.shape === 'var') return `x.opaque(${this.sizeExpr(d.size)})`;
      throw new Error(`opaque ${d.name} must have a size`);
    }
    const base = this.baseCodec(d.type);
    switch (d.shape) {
      case 'plain':
        return base;
      case 'optional':
        return `x.optional(${base})`;
      case 'fixed':
        return `x.fixedArray(${base}, ${this.sizeExpr(d.size)})`;
      case 'var':
        return `x.array(${base}, ${this.sizeExpr(d.size)})`;
    }
  }

  emit(defs: Def[]): void {
    for (const d of defs) {
      switch (d.kind) {
        case 'const': {
          const v = this.resolve(d.value);
          this.values.set(d.name, v);
          this.localConsts.add(d.name);
          // Program numbers read better in hex (0x20008086); everything else as written in decimal.
          const lit = v >= 0x10000000 ? `0x${v.toString(16)}` : String(v);
          this.out.push(`export const ${d.name} = ${lit};`);
          break;
        }
        case 'enum': {
          this.enums.add(d.name);
          const lines = d.members.map((m) => {
            const v = this.resolve(m.value);
            this.values.set(m.name, v);
            return `  ${m.name}: ${v},`;
          });
          this.out.push(`export const ${d.name} = {\n${lines.join('\n')}\n} as const;`);
          this.out.push(`export type ${d.name} = number;`);
          break;
        }
        case 'typedef': {
          const decl = d.decl;
          this.out.push(`export type ${decl.name} = ${this.tsType(decl)};`);
          this.out.push(`export const ${decl.name}: x.Codec<${decl.name}> = ${this.codec(decl)};`);
          break;
        }
        case 'struct': {
          this.structs.add(d.name);
          const tsFields = d.fields.map((f) => `  ${f.name}: ${this.tsType(f)};`);
          const codecFields = d.fields.map((f) => `  ['${f.name}', ${this.codec(f)}],`);
          this.out.push(`export interface ${d.name} {\n${tsFields.join('\n')}\n}`);
          this.out.push(
            `export const ${d.name}: x.Codec<${d.name}> = x.struct<${d.name}>('${d.name}', [\n${codecFields.join('\n')}\n]);`,
          );
          break;
        }
        case 'union': {
          this.structs.add(d.name);
          const disc = d.disc.name;
          const variants: string[] = [];
          const arms: string[] = [];
          for (const arm of d.arms) {
            for (const c of arm.cases) {
              const v = this.resolve(c);
              const label = typeof c === 'string' ? ` /* ${c} */` : '';
              if (arm.decl.type === 'void') {
                variants.push(`{ ${disc}: ${v} }`);
                arms.push(`  [${v}${label}, { field: null, codec: x.voidCodec }],`);
              } else {
                variants.push(`{ ${disc}: ${v}; ${arm.decl.name}: ${this.tsType(arm.decl)} }`);
                arms.push(`  [${v}${label}, { field: '${arm.decl.name}', codec: ${this.codec(arm.decl)} }],`);
              }
            }
          }
          let def = '';
          if (d.defaultArm) {
            const a = d.defaultArm;
            if (a.type === 'void') {
              variants.push(`{ ${disc}: number }`);
              def = `, { field: null, codec: x.voidCodec }`;
            } else {
              variants.push(`{ ${disc}: number; ${a.name}: ${this.tsType(a)} }`);
              def = `, { field: '${a.name}', codec: ${this.codec(a)} }`;
            }
          }
          this.out.push(`export type ${d.name} =\n  | ${variants.join('\n  | ')};`);
          this.out.push(
            `export const ${d.name}: x.Codec<${d.name}> = x.union<${d.name}>('${d.name}', '${disc}', ${this.codec(d.disc)}, new Map<number, x.UnionArm>([\n${arms.join('\n')}\n])${def});`,
          );
          break;
        }
      }
    }
  }

  push(s: string): void {
    this.out.push(s);
  }

  text(): string {
    return this.out.join('\n\n') + '\n';
  }
}

function header(version: string, from: string): string {
  return `// GENERATED by scripts/gen-protocol.ts from libvirt v${version} (${from}) — DO NOT EDIT\n/* eslint-disable */\n`;
}

interface ProcRow {
  name: string;
  number: number;
  args: string | null;
  ret: string | null;
  msg: string | null;
  priority: 'high' | 'low';
  stream: 'read' | 'write' | null;
  generate: string | null;
}

function procedureTable(em: Emitter, defs: Def[], enumName: string, procPrefix: string, structPrefix: string): ProcRow[] {
  const procEnum = defs.find((d): d is Extract<Def, { kind: 'enum' }> => d.kind === 'enum' && d.name === enumName);
  if (!procEnum) throw new Error(`no enum ${enumName}`);
  return procEnum.members.map((m) => {
    if (!m.name.startsWith(procPrefix)) throw new Error(`procedure ${m.name} lacks prefix ${procPrefix}`);
    const name = m.name.slice(procPrefix.length);
    const lower = structPrefix + name.toLowerCase();
    const ann = parseAnnotations(m.comment);
    const prio = ann.get('priority')?.[0];
    const stream = ann.has('readstream') ? 'read' : ann.has('writestream') ? 'write' : null;
    const has = (s: string) => (em.structs.has(s) ? s : null);
    return {
      name,
      number: em.resolve(m.value),
      args: has(`${lower}_args`),
      ret: has(`${lower}_ret`),
      msg: has(`${lower}_msg`),
      priority: prio === 'high' ? 'high' : 'low',
      stream,
      generate: ann.get('generate')?.[0] ?? null,
    };
  });
}

function emitProcedures(em: Emitter, rows: ProcRow[], typeName: string, tableName: string): void {
  const types = rows.map((r) => {
    const parts = [`args: ${r.args ?? 'void'}`, `ret: ${r.ret ?? 'void'}`];
    if (r.msg) parts.push(`msg: ${r.msg}`);
    return `  ${r.name}: { ${parts.join('; ')} };`;
  });
  em.push(
    `/** Procedure name (REMOTE_PROC_ prefix dropped) → wire types. \`void\` means an empty payload. */\nexport interface ${typeName} {\n${types.join('\n')}\n}`,
  );
  const entries = rows.map(
    (r) =>
      `  ${r.name}: { name: '${r.name}', number: ${r.number}, args: ${r.args}, ret: ${r.ret}, msg: ${r.msg}, priority: '${r.priority}', stream: ${r.stream ? `'${r.stream}'` : 'null'} },`,
  );
  em.push(
    `export const ${tableName}: { readonly [K in keyof ${typeName}]: ProcedureInfo } = {\n${entries.join('\n')}\n};`,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: {
      remote: { type: 'string' },
      virnet: { type: 'string' },
      keepalive: { type: 'string' },
      virterror: { type: 'string' },
      version: { type: 'string' },
      out: { type: 'string' },
    },
  });
  for (const k of ['remote', 'virnet', 'keepalive', 'virterror', 'version'] as const) {
    if (!values[k]) throw new Error(`missing --${k}`);
  }
  const version = values.version!;
  const outDir = resolve(values.out ?? join(import.meta.dirname, '..', 'electron', 'libvirt', 'protocol', 'generated'));
  mkdirSync(outDir, { recursive: true });

  // virnetprotocol.x: message header, error and stream-hole wire types.
  const virnetDefs = parseXdr(readFileSync(values.virnet!, 'utf8'));
  const virnet = new Emitter();
  virnet.push(`${header(version, 'src/rpc/virnetprotocol.x')}import * as x from '../../xdr';`);
  virnet.emit(virnetDefs);
  writeFileSync(join(outDir, 'virnet.ts'), virnet.text());

  // virkeepaliveprotocol.x: program number, version and PING/PONG.
  const kaDefs = parseXdr(readFileSync(values.keepalive!, 'utf8'));
  const ka = new Emitter();
  ka.push(`${header(version, 'src/rpc/virkeepaliveprotocol.x')}import type { ProcedureInfo } from '../types';`);
  ka.emit(kaDefs);
  const kaRows = procedureTable(ka, kaDefs, 'keepalive_procedure', 'KEEPALIVE_PROC_', 'keepalive_');
  emitProcedures(ka, kaRows, 'KeepaliveProcedures', 'keepaliveProcedures');
  writeFileSync(join(outDir, 'keepalive.ts'), ka.text());

  // remote_protocol.x: the main program.
  const remoteDefs = parseXdr(readFileSync(values.remote!, 'utf8'));
  const remote = new Emitter();
  remote.push(
    `${header(version, 'src/remote/remote_protocol.x')}import * as x from '../../xdr';\nimport type { ProcedureInfo } from '../types';`,
  );
  remote.emit(remoteDefs);
  const rows = procedureTable(remote, remoteDefs, 'remote_procedure', 'REMOTE_PROC_', 'remote_');
  emitProcedures(remote, rows, 'RemoteProcedures', 'remoteProcedures');
  writeFileSync(join(outDir, 'remote.ts'), remote.text());

  // virterror.h: error code/domain/level names for LibvirtError.
  const cEnums = parseCEnums(readFileSync(values.virterror!, 'utf8'));
  const vt: string[] = [header(version, 'include/libvirt/virterror.h')];
  const names: Record<string, string> = {
    virErrorLevel: 'errorLevelNames',
    virErrorDomain: 'errorDomainNames',
    virErrorNumber: 'errorCodeNames',
  };
  for (const e of cEnums) {
    const table = names[e.name];
    if (!table) continue;
    const members = e.members.filter((m) => !m.name.endsWith('_LAST'));
    vt.push(`export const ${e.name} = {\n${members.map((m) => `  ${m.name}: ${m.value},`).join('\n')}\n} as const;`);
    const byNum = new Map<number, string>();
    for (const m of members) if (!byNum.has(m.value)) byNum.set(m.value, m.name);
    vt.push(
      `export const ${table}: ReadonlyMap<number, string> = new Map([\n${[...byNum].map(([v, n]) => `  [${v}, '${n}'],`).join('\n')}\n]);`,
    );
  }
  for (const n of Object.keys(names)) if (!cEnums.some((e) => e.name === n)) throw new Error(`virterror.h: no enum ${n}`);
  writeFileSync(join(outDir, 'virterror.ts'), vt.join('\n\n') + '\n');

  const counts = `${rows.length} remote procedures, ${remote.structs.size} remote types`;
  process.stdout.write(`generated ${outDir}: ${counts}\n`);
}

main();
