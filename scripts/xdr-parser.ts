/**
 * Parser for the subset of the XDR/RPC language (RFC 4506 + rpcgen's `%` passthrough lines) that
 * libvirt's protocol files use: const, enum, typedef, struct, union switch, optional `*`, `<N>`/`<>`
 * variable arrays, `[N]` fixed arrays, string<N>, opaque. Comments are kept as tokens because the
 * procedure enum carries its annotations (`@priority: high`, `@readstream: 1`) in them.
 */

export type BaseType =
  | 'int'
  | 'uint'
  | 'hyper'
  | 'uhyper'
  | 'bool'
  | 'float'
  | 'double'
  | 'string'
  | 'opaque'
  | 'char'
  | 'uchar'
  | 'short'
  | 'ushort'
  | 'void'
  | { ref: string };

export type Size = number | string | null; // number literal, constant name, or null for `<>`

export interface Decl {
  name: string;
  type: BaseType;
  shape: 'plain' | 'optional' | 'fixed' | 'var';
  size?: Size;
}

export interface EnumMember {
  name: string;
  value: number | string;
  /** The comment immediately preceding the member, if any. */
  comment?: string;
}

export type Def =
  | { kind: 'const'; name: string; value: number | string }
  | { kind: 'enum'; name: string; members: EnumMember[] }
  | { kind: 'typedef'; decl: Decl }
  | { kind: 'struct'; name: string; fields: Decl[] }
  | {
      kind: 'union';
      name: string;
      disc: Decl;
      arms: { cases: (number | string)[]; decl: Decl }[];
      defaultArm?: Decl;
    };

interface Token {
  t: 'id' | 'num' | 'punct' | 'comment';
  v: string;
  line: number;
}

export class XdrParseError extends Error {}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    // rpcgen passthrough (`%#include ...`) applies to the generated C only.
    if (c === '%' && (i === 0 || src[i - 1] === '\n')) {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new XdrParseError(`unterminated comment at line ${line}`);
      const text = src.slice(i + 2, end);
      out.push({ t: 'comment', v: text, line });
      for (const ch of text) if (ch === '\n') line++;
      i = end + 2;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      const s = i;
      while (i < n && src[i] !== '\n') i++;
      out.push({ t: 'comment', v: src.slice(s + 2, i), line });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const s = i;
      while (i < n && /[A-Za-z0-9_]/.test(src[i]!)) i++;
      out.push({ t: 'id', v: src.slice(s, i), line });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const s = i;
      i++;
      while (i < n && /[0-9A-Fa-fxX]/.test(src[i]!)) i++;
      out.push({ t: 'num', v: src.slice(s, i), line });
      continue;
    }
    if ('{}[]<>();,:=*'.includes(c)) {
      out.push({ t: 'punct', v: c, line });
      i++;
      continue;
    }
    throw new XdrParseError(`unexpected character ${JSON.stringify(c)} at line ${line}`);
  }
  return out;
}

function parseNumber(s: string): number {
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  let v: number;
  if (/^0[xX][0-9A-Fa-f]+$/.test(body)) v = parseInt(body.slice(2), 16);
  else if (/^0[0-7]+$/.test(body)) v = parseInt(body, 8);
  else if (/^[0-9]+$/.test(body)) v = parseInt(body, 10);
  else throw new XdrParseError(`bad number ${s}`);
  return neg ? -v : v;
}

class Parser {
  private i = 0;
  private lastComment: string | undefined;
  constructor(private readonly toks: Token[]) {}

  /** Next non-comment token; remembers the most recent comment for enum-member annotations. */
  private peek(): Token | undefined {
    while (this.i < this.toks.length && this.toks[this.i]!.t === 'comment') {
      this.lastComment = this.toks[this.i]!.v;
      this.i++;
    }
    return this.toks[this.i];
  }

  private next(): Token {
    const t = this.peek();
    if (!t) throw new XdrParseError('unexpected end of input');
    this.i++;
    return t;
  }

  private expect(v: string): void {
    const t = this.next();
    if (t.v !== v) throw new XdrParseError(`expected '${v}' but got '${t.v}' at line ${t.line}`);
  }

  private ident(): string {
    const t = this.next();
    if (t.t !== 'id') throw new XdrParseError(`expected identifier but got '${t.v}' at line ${t.line}`);
    return t.v;
  }

  private value(): number | string {
    const t = this.next();
    if (t.t === 'num') return parseNumber(t.v);
    if (t.t === 'id') return t.v;
    throw new XdrParseError(`expected value but got '${t.v}' at line ${t.line}`);
  }

  private accept(v: string): boolean {
    const t = this.peek();
    if (t && t.v === v && t.t !== 'comment') {
      this.i++;
      return true;
    }
    return false;
  }

  parse(): Def[] {
    const defs: Def[] = [];
    while (this.peek()) {
      const kw = this.ident();
      switch (kw) {
        case 'const': {
          const name = this.ident();
          this.expect('=');
          const value = this.value();
          this.expect(';');
          defs.push({ kind: 'const', name, value });
          break;
        }
        case 'enum': {
          const name = this.ident();
          defs.push({ kind: 'enum', name, members: this.enumBody() });
          this.expect(';');
          break;
        }
        case 'typedef':
          defs.push({ kind: 'typedef', decl: this.decl() });
          this.expect(';');
          break;
        case 'struct': {
          const name = this.ident();
          defs.push({ kind: 'struct', name, fields: this.structBody() });
          this.expect(';');
          break;
        }
        case 'union': {
          const name = this.ident();
          defs.push({ kind: 'union', name, ...this.unionBody() });
          this.expect(';');
          break;
        }
        default:
          throw new XdrParseError(`unsupported top-level keyword '${kw}'`);
      }
    }
    return defs;
  }

  private enumBody(): EnumMember[] {
    this.expect('{');
    const members: EnumMember[] = [];
    for (;;) {
      this.lastComment = undefined;
      const t = this.peek();
      const comment = this.lastComment;
      if (t?.v === '}') break;
      const name = this.ident();
      this.expect('=');
      const value = this.value();
      members.push(comment === undefined ? { name, value } : { name, value, comment });
      if (!this.accept(',')) break;
    }
    this.expect('}');
    return members;
  }

  private structBody(): Decl[] {
    this.expect('{');
    const fields: Decl[] = [];
    while (!this.accept('}')) {
      fields.push(this.decl());
      this.expect(';');
    }
    return fields;
  }

  private unionBody(): Omit<Extract<Def, { kind: 'union' }>, 'kind' | 'name'> {
    this.expect('switch');
    this.expect('(');
    const disc = this.decl();
    this.expect(')');
    this.expect('{');
    const arms: { cases: (number | string)[]; decl: Decl }[] = [];
    let defaultArm: Decl | undefined;
    while (!this.accept('}')) {
      if (this.accept('default')) {
        this.expect(':');
        defaultArm = this.decl();
        this.expect(';');
        continue;
      }
      const cases: (number | string)[] = [];
      while (this.accept('case')) {
        cases.push(this.value());
        this.expect(':');
      }
      if (cases.length === 0) throw new XdrParseError(`expected case in union near '${this.peek()?.v}'`);
      const decl = this.decl();
      this.expect(';');
      arms.push({ cases, decl });
    }
    return defaultArm ? { disc, arms, defaultArm } : { disc, arms };
  }

  private baseType(): BaseType {
    const kw = this.ident();
    switch (kw) {
      case 'unsigned': {
        const t = this.peek();
        if (t?.v === 'int') return this.next(), 'uint';
        if (t?.v === 'hyper') return this.next(), 'uhyper';
        if (t?.v === 'char') return this.next(), 'uchar';
        if (t?.v === 'short') return this.next(), 'ushort';
        if (t?.v === 'long') return this.next(), 'uint';
        return 'uint';
      }
      case 'int':
      case 'hyper':
      case 'bool':
      case 'float':
      case 'double':
      case 'string':
      case 'opaque':
      case 'char':
      case 'short':
      case 'void':
        return kw;
      case 'long':
        return 'int';
      case 'struct':
      case 'enum':
      case 'union':
        return { ref: this.ident() };
      default:
        return { ref: kw };
    }
  }

  private decl(): Decl {
    const type = this.baseType();
    if (type === 'void') return { name: '', type, shape: 'plain' };
    if (this.accept('*')) return { name: this.ident(), type, shape: 'optional' };
    const name = this.ident();
    if (this.accept('[')) {
      const size = this.value();
      this.expect(']');
      return { name, type, shape: 'fixed', size };
    }
    if (this.accept('<')) {
      if (this.accept('>')) return { name, type, shape: 'var', size: null };
      const size = this.value();
      this.expect('>');
      return { name, type, shape: 'var', size };
    }
    return { name, type, shape: 'plain' };
  }
}

export function parseXdr(src: string): Def[] {
  return new Parser(tokenize(src)).parse();
}

/** Annotations from a procedure comment: `@name: value` lines (repeatable keys collect all values). */
export function parseAnnotations(comment: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!comment) return out;
  for (const m of comment.matchAll(/@([a-z]+):\s*([^\n*]*)/g)) {
    const key = m[1]!;
    const list = out.get(key) ?? [];
    list.push(m[2]!.trim());
    out.set(key, list);
  }
  return out;
}

export interface CEnum {
  name: string;
  members: { name: string; value: number }[];
}

/** `typedef enum { A = 0, B, ... } name;` blocks from a C header (virterror.h). */
export function parseCEnums(src: string): CEnum[] {
  const clean = src
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .replace(/^\s*#[^\n]*$/gm, '');
  const out: CEnum[] = [];
  for (const m of clean.matchAll(/typedef\s+enum\s*\w*\s*\{([^}]*)\}\s*(\w+)\s*;/g)) {
    const members: { name: string; value: number }[] = [];
    let next = 0;
    for (const raw of m[1]!.split(',')) {
      const item = raw.trim();
      if (!item) continue;
      const mm = /^(\w+)\s*(?:=\s*(.+))?$/s.exec(item);
      if (!mm) throw new XdrParseError(`cannot parse enum item '${item}' in ${m[2]}`);
      let value = next;
      if (mm[2] !== undefined) {
        const expr = mm[2].trim().replace(/^\((.*)\)$/s, '$1');
        const shift = /^1\s*<<\s*(\d+)$/.exec(expr);
        if (shift) value = 1 << Number(shift[1]);
        else if (/^-?(0x[0-9a-fA-F]+|\d+)$/.test(expr)) value = parseNumber(expr);
        else {
          const ref = members.find((x) => x.name === expr);
          if (!ref) throw new XdrParseError(`cannot evaluate '${expr}' in ${m[2]}`);
          value = ref.value;
        }
      }
      members.push({ name: mm[1]!, value });
      next = value + 1;
    }
    out.push({ name: m[2]!, members });
  }
  return out;
}
