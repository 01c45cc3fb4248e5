/**
 * The rule kit the wire is stated in: each message, event and platform shape
 * is written once as a `Shape`, and everything else comes from it.
 *
 * - its TypeScript type: `Infer<typeof Shape>`;
 * - the check every bundle runs: `parse(shape, value)`, in plain code (no
 *   schema library in a CRM page or a desktop: zod would be most of a bundle);
 * - its zod schema, the public API of `ccbridge/protocol`: `toZod(shape)` in
 *   to-zod.ts, which walks the same statement. A property-based test holds the
 *   two to the same verdict and the same fields out for every message kind.
 *
 * Why a kit and not zod itself or generated code: see docs/architecture.md.
 *
 * Semantics follow zod's, so `toZod` is a plain translation:
 * - `object` keeps only its fields (`keep: true`: unknown keys are kept too,
 *   as `z.looseObject`), reads own properties only and never copies `__proto__`;
 * - an optional field may be absent; present with `undefined`, it stays present;
 * - `lenient(shape)` never fails: a value that does not fit becomes `undefined`
 *   (`z.catch(schema, undefined)`), for free labels that must not fail a message;
 * - `refine` adds a rule across fields, checked after the fields pass.
 * Reading a value never throws: a value whose fields throw when read fails.
 */

export interface Issue {
  readonly path: PropertyKey[];
  readonly message: string;
}

/** What a reader returns when the value does not fit (issues say why). */
const FAIL: unique symbol = Symbol('ccbridge.fail');
type Fail = typeof FAIL;
type Reader<T> = (value: unknown, issues: Issue[]) => T | Fail;

/** What `toZod` needs to know of a shape: its kind and the parts it is made of. */
export type Definition =
  | { readonly kind: 'string'; readonly min: number; readonly max: number }
  | { readonly kind: 'number'; readonly integer: boolean; readonly min: number | undefined }
  | { readonly kind: 'boolean' | 'unknown' | 'text' }
  | { readonly kind: 'literal'; readonly values: readonly (string | number | boolean | null)[] }
  | { readonly kind: 'optional' | 'nullable' | 'lenient'; readonly inner: AnyShape }
  | { readonly kind: 'union'; readonly options: readonly AnyShape[] }
  | { readonly kind: 'array'; readonly item: AnyShape; readonly max: number }
  | { readonly kind: 'record'; readonly value: AnyShape }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, AnyShape>>; readonly keep: boolean }
  | { readonly kind: 'refine'; readonly inner: AnyShape; readonly test: (value: never) => boolean; readonly message: string; readonly path: readonly string[] }
  | { readonly kind: 'variants'; readonly key: string; readonly options: Readonly<Record<string, AnyShape>>; readonly other: AnyShape | undefined };

/** One statement of the wire in the rule kit: what `parse` checks, `Infer` types and `toZod` translates. */
export interface Shape<T> {
  readonly def: Definition;
  /** @internal The plain check; use `parse`. */
  readonly read: Reader<T>;
  /** Present (as `true`) on optional shapes: an object may lack the field. */
  readonly optional?: true;
  /** Type only: what the shape reads to. */
  readonly _out?: T;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyShape = Shape<any>;

/** The TypeScript type a shape reads to. */
export type Infer<S extends AnyShape> = S extends Shape<infer T> ? T : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<F> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F];
type ObjectOf<F extends Record<string, AnyShape>> = Simplify<
  { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { -readonly [K in OptionalKeys<F>]?: Infer<F[K]> }
>;

export type ParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly Issue[] };

/** Checks `value` against `shape`: the value read (a fresh object for objects), or the issues. Never throws. */
export function parse<T>(shape: Shape<T>, value: unknown): ParseResult<T> {
  const issues: Issue[] = [];
  let data: T | Fail;
  try {
    data = shape.read(value, issues);
  } catch {
    // A hostile value (a getter, `{ length: { valueOf() { throw } } }`) fails; it never throws.
    issues.push({ path: [], message: 'a value that cannot be read' });
    data = FAIL;
  }
  return data === FAIL ? { success: false, issues } : { success: true, data };
}

/** The value read, or `undefined` when it does not fit. */
export function read<T>(shape: Shape<T>, value: unknown): T | undefined {
  const result = parse(shape, value);
  return result.success ? result.data : undefined;
}

/** `path: message; …`, short enough for a log line. */
export function describeIssues(issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[]): string {
  return issues.map((issue) => `${issue.path.map(String).join('.') || '(value)'}: ${issue.message}`).join('; ');
}

function fail(issues: Issue[], message: string): Fail {
  issues.push({ path: [], message });
  return FAIL;
}

function shape<T>(def: Definition, reader: Reader<T>): Shape<T> {
  return { def, read: reader };
}

/** A predicate as a shape: the value itself, or an issue saying what was expected. */
function test<T>(def: Definition, accepts: (value: unknown) => boolean, expected: string): Shape<T> {
  return shape(def, (value, issues) => (accepts(value) ? (value as T) : fail(issues, `expected ${expected}`)));
}

export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

// ---- Leaves ----

/** A string, `min` to `max` characters long. */
export function string(min = 0, max = Number.POSITIVE_INFINITY): Shape<string> {
  const length = min === 0 && max === Number.POSITIVE_INFINITY ? 'a string' : `a string of ${min} to ${max} characters`;
  return test({ kind: 'string', min, max }, (value) => typeof value === 'string' && value.length >= min && value.length <= max, length);
}

/** A finite number; `integer`: a safe integer, at least `min` if given. */
export function number(options: { readonly integer?: boolean; readonly min?: number } = {}): Shape<number> {
  const integer = options.integer === true;
  const { min } = options;
  const accepts = (value: unknown): boolean => (integer ? Number.isSafeInteger(value) : Number.isFinite(value)) && (min === undefined || (value as number) >= min);
  return test({ kind: 'number', integer, min }, accepts, `a ${integer ? 'safe integer' : 'finite number'}${min === undefined ? '' : ` of at least ${min}`}`);
}

/**
 * A platform's text field: a string, or a finite number read as its decimal
 * string. Platforms send these fields as strings (NICE's own agent SDK reads
 * `ANI`, `DNIS`, `Skill`… with yup's `string()`, which casts a number the same
 * way), so pages get one type and a numeric value is never lost.
 */
export function text(): Shape<string> {
  return shape({ kind: 'text' }, (value, issues) => {
    if (typeof value === 'string') return value;
    return Number.isFinite(value) ? String(value) : fail(issues, 'expected a string or a finite number');
  });
}

export function boolean(): Shape<boolean> {
  return test({ kind: 'boolean' }, (value) => typeof value === 'boolean', 'a boolean');
}

/** Anything (its field is still checked for presence when not optional). */
export function unknown(): Shape<unknown> {
  return shape({ kind: 'unknown' }, (value) => value);
}

/** Exactly one of `values`. */
export function literal<const V extends readonly (string | number | boolean | null)[]>(...values: V): Shape<V[number]> {
  return test({ kind: 'literal', values }, (value) => values.includes(value as V[number]), `one of ${values.map((value) => JSON.stringify(value)).join(', ')}`);
}

// ---- Combinators ----

export function optional<T>(inner: Shape<T>): Shape<T | undefined> & { readonly optional: true } {
  return { def: { kind: 'optional', inner }, read: (value, issues) => (value === undefined ? undefined : inner.read(value, issues)), optional: true };
}

export function nullable<T>(inner: Shape<T>): Shape<T | null> {
  return shape({ kind: 'nullable', inner }, (value, issues) => (value === null ? null : inner.read(value, issues)));
}

/** Never fails: the value read, or `undefined` when it does not fit (free labels, opt-in fields). Optional. */
export function lenient<T>(inner: Shape<T>): Shape<T | undefined> & { readonly optional: true } {
  return {
    def: { kind: 'lenient', inner },
    read: (value) => {
      const out = inner.read(value, []);
      return out === FAIL ? undefined : out;
    },
    optional: true,
  };
}

/** The first of `options` that fits. */
export function union<S extends readonly AnyShape[]>(...options: S): Shape<Infer<S[number]>> {
  return shape({ kind: 'union', options }, (value, issues) => {
    for (const option of options) {
      const out = option.read(value, []);
      if (out !== FAIL) return out as Infer<S[number]>;
    }
    return fail(issues, 'no option fits');
  });
}

/** An array of at most `max` items, each read by `item`. */
export function array<T>(item: Shape<T>, max = Number.POSITIVE_INFINITY): Shape<T[]> {
  return shape({ kind: 'array', item, max }, (value, issues) => {
    if (!Array.isArray(value)) return fail(issues, 'expected an array');
    if (value.length > max) return fail(issues, `expected at most ${max} items`);
    const out: T[] = [];
    for (let index = 0; index < value.length; index += 1) {
      const before = issues.length;
      const itemOut = item.read(value[index], issues);
      if (itemOut === FAIL) return prefix(issues, before, index);
      out.push(itemOut);
    }
    return out;
  });
}

/** An object whose every value `value` reads; the result has no prototype keys to collide with. */
export function record<T>(value: Shape<T>): Shape<Record<string, T>> {
  return shape({ kind: 'record', value }, (input, issues) => {
    if (!isRecord(input)) return fail(issues, 'expected an object');
    const out: Record<string, T> = {};
    for (const key of Object.keys(input)) {
      if (key === '__proto__') continue;
      const before = issues.length;
      const valueOut = value.read(input[key], issues);
      if (valueOut === FAIL) return prefix(issues, before, key);
      out[key] = valueOut;
    }
    return out;
  });
}

function prefix(issues: Issue[], from: number, key: PropertyKey): Fail {
  for (let index = from; index < issues.length; index += 1) issues[index]?.path.unshift(key);
  return FAIL;
}

/**
 * An object with `fields`: a fresh object with those fields only, or with
 * every own field but `__proto__` too when `keep` (platform events: pages read
 * the platform's own fields, and we must not drop what we do not know).
 */
export function object<F extends Record<string, AnyShape>>(fields: F): Shape<ObjectOf<F>>;
export function object<F extends Record<string, AnyShape>>(fields: F, options: { readonly keep: true }): Shape<ObjectOf<F> & { [key: string]: unknown }>;
export function object<F extends Record<string, AnyShape>>(fields: F, options: { readonly keep?: boolean } = {}): Shape<ObjectOf<F>> {
  const keep = options.keep === true;
  // As [name, shape, optional] triples, made once rather than for every value.
  const entries = Object.entries(fields).map(([name, field]) => [name, field, field.optional === true] as const);
  return shape({ kind: 'object', fields, keep }, (value, issues) => {
    if (!isRecord(value)) return fail(issues, 'expected an object');
    const out: Record<string, unknown> = {};
    if (keep) for (const key of Object.keys(value)) if (key !== '__proto__') out[key] = value[key];
    let failed = false;
    for (const [name, field, isOptional] of entries) {
      const present = Object.hasOwn(value, name);
      if (!present) {
        if (isOptional) continue;
        issues.push({ path: [name], message: 'required' });
        failed = true;
        continue;
      }
      const before = issues.length;
      const fieldOut = field.read(value[name], issues);
      if (fieldOut === FAIL) {
        prefix(issues, before, name);
        failed = true;
      } else out[name] = fieldOut;
    }
    return failed ? FAIL : (out as ObjectOf<F>);
  });
}

/** A rule across fields, checked once `inner` fits; `path` names the field the issue is about. */
export function refine<T>(inner: Shape<T>, accepts: (value: T) => boolean, message: string, path: readonly string[] = []): Shape<T> {
  return shape({ kind: 'refine', inner, test: accepts as (value: never) => boolean, message, path }, (value, issues) => {
    const out = inner.read(value, issues);
    if (out === FAIL) return FAIL;
    if (accepts(out)) return out;
    issues.push({ path: [...path], message });
    return FAIL;
  });
}

/**
 * A value chosen by the string in `key`: read by `options[key]`, or by `other`
 * when the key names no option (unknown platform events are kept). Without
 * `other`, an unknown key fails. Options are looked up in a `Map`: the key is
 * untrusted (`Type: '__proto__'`).
 */
export function variants<K extends string, O extends Record<string, AnyShape>>(key: K, options: O): Shape<Infer<O[keyof O]>>;
export function variants<K extends string, O extends Record<string, AnyShape>, X extends AnyShape>(key: K, options: O, other: X): Shape<Infer<O[keyof O]> | Infer<X>>;
export function variants(key: string, options: Record<string, AnyShape>, other?: AnyShape): AnyShape {
  const byKey = new Map(Object.entries(options));
  return shape({ kind: 'variants', key, options, other }, (value, issues) => {
    const chosen = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    const option = (typeof chosen === 'string' ? byKey.get(chosen) : undefined) ?? other;
    return option === undefined ? (issues.push({ path: [key], message: `expected one of ${[...byKey.keys()].join(', ')}` }), FAIL) : option.read(value, issues);
  });
}
